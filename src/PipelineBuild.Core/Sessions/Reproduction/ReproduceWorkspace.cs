using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Runs.Git;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Sessions.Reproduction;

/// <summary>
/// A temporary workspace for a rebuild: a git worktree at the recorded commit when the repository
/// still has it (so code and untracked-by-lineage files are as they were), else an empty folder; then
/// the recorded pipeline file and every recorded source input are laid in from the store's objects.
/// </summary>
internal sealed class ReproduceWorkspace : IDisposable
{
    private readonly string _temp;
    private readonly string? _worktree;
    private readonly string _repository;
    private readonly PathConfinement _confinement;

    private ReproduceWorkspace(string temp, string? worktree, string root, string repository)
    {
        _temp = temp;
        _worktree = worktree;
        Root = root;
        _repository = repository;
        _confinement = new PathConfinement(root);
    }

    public string Root { get; }

    public bool FromGitCommit => _worktree is not null;

    public bool Keep { get; set; }

    public static ReproduceWorkspace Create(string currentWorkspace, ArtifactLineage lineage)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"pipeline-reproduce-{lineage.RunId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(temp);
        if (lineage.Git is { } git
            && GitCli.Run(currentWorkspace, "cat-file", "-e", git.Commit + "^{commit}") is { ExitCode: 0 }
            && GitCli.Run(currentWorkspace, "worktree", "add", "--detach", Path.Combine(temp, "checkout"), git.Commit) is { ExitCode: 0 })
        {
            var checkout = Path.Combine(temp, "checkout");
            var root = git.WorkspacePath == "." ? checkout : Path.Combine(checkout, git.WorkspacePath.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(root);
            return new ReproduceWorkspace(temp, checkout, root, currentWorkspace);
        }

        var plain = Path.Combine(temp, "workspace");
        Directory.CreateDirectory(plain);
        return new ReproduceWorkspace(temp, null, plain, currentWorkspace);
    }

    /// <summary>Lays a recorded file in from the store unless the checkout already has it; false when neither has it.</summary>
    public bool Materialize(ArtifactStore store, string relativePath, ContentDigest digest)
    {
        // Recorded paths were checked to be plain relative paths (LineagePaths); a checkout may hold them already.
        var existing = Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));
        if (PathConfinement.SyntaxProblem(relativePath) is null && File.Exists(existing) && FileHasher.Hash(existing) == digest)
        {
            return true;
        }

        if (!_confinement.TryResolve(relativePath, out var confined, out var problem))
        {
            throw new Diagnostics.PipelineException(
                ArtifactCodes.UnsafePath,
                $"{Root}: error {ArtifactCodes.UnsafePath}: the recorded path '{UnsafePathException.Printable(relativePath)}' {problem}; nothing was written there");
        }

        var target = confined.FullPath;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = Workspace.AtomicFile.TempPathBeside(target);
        if (!store.Objects.TryCopyVerified(digest, temp))
        {
            return false;
        }

        File.Move(temp, target, overwrite: true);
        return true;
    }

    public void Dispose()
    {
        if (Keep)
        {
            return;
        }

        if (_worktree is not null)
        {
            GitCli.Run(_repository, "worktree", "remove", "--force", _worktree);
        }

        try
        {
            if (Directory.Exists(_temp))
            {
                foreach (var file in Directory.EnumerateFiles(_temp, "*", SearchOption.AllDirectories))
                {
                    File.SetAttributes(file, FileAttributes.Normal);
                }

                Directory.Delete(_temp, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder is harmless; the OS cleans temp.
        }

        if (_worktree is not null)
        {
            GitCli.Run(_repository, "worktree", "prune");
        }
    }
}
