using System.Text;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Runs.Git;

namespace PipelineBuild.Core.Runs;

/// <summary>
/// Reads the git commit, branch and dirty flag of a workspace for its run records; null outside a
/// repository or before the first commit. HEAD is read from the git directory itself and the dirty flag
/// covers the pipeline's own inputs (<see cref="GitInputsCheck"/>): no whole-repository <c>git status</c>.
/// </summary>
public static class GitProbe
{
    /// <summary>The state with the dirty flag over the whole workspace.</summary>
    public static GitState? Read(string workspaceRoot) => Read(workspaceRoot, [], ["."], _ => null);

    /// <param name="files">Workspace-relative files whose changes make the state dirty.</param>
    /// <param name="folders">Workspace-relative folders whose changes make the state dirty ("." for all).</param>
    /// <param name="seenStat">The stat this run already read for a workspace-relative path, if any.</param>
    /// <param name="index">The index read early, if it was (<see cref="GitIndexPreload"/>).</param>
    /// <param name="memo">The last answer and what it rests on, taken instead of reading the index when nothing it rests on changed.</param>
    public static GitState? Read(string workspaceRoot, IEnumerable<string> files, IEnumerable<string> folders, SeenStatLookup seenStat, GitIndexPreload? index = null, GitDirtyMemo? memo = null)
    {
        if (GitRepositoryLocation.Find(workspaceRoot) is not { } repository)
        {
            return null;
        }

        var workspacePath = repository.PathOf(workspaceRoot);
        var head = GitHead.Read(repository);
        if (!head.Supported || head.Head is { Commit.Length: not 40 })
        {
            return ReadWithGit(workspaceRoot, workspacePath);
        }

        if (head.Head is not { } current)
        {
            return null; // before the first commit
        }

        var prefix = workspacePath == "." ? "" : workspacePath + "/";
        var scope = new GitPathScope(files.Select(f => prefix + f), folders.Select(f => f == "." ? workspacePath : prefix + f.TrimEnd('/')));
        var prefixUtf8 = Encoding.UTF8.GetBytes(prefix);
        var dirty = InputsDirty(repository, current, scope, path => path.StartsWith(prefixUtf8) ? seenStat(path[prefixUtf8.Length..]) : null, index, memo)
            ?? DirtyByStatus(repository.WorkTree, scope)
            ?? true;
        return new GitState(current.Commit, current.Branch, dirty, workspacePath);
    }

    /// <summary>The remembered answer when its key and evidence still hold; else the check, remembered for the next run.</summary>
    private static bool? InputsDirty(GitRepositoryLocation repository, GitHead head, GitPathScope scope, SeenStatLookup seenStat, GitIndexPreload? index, GitDirtyMemo? memo)
    {
        var key = memo?.KeyOf(repository, head, scope);
        if (key is not null && memo!.Recall(key) is { } remembered)
        {
            return remembered;
        }

        var answer = GitInputsCheck.Check(repository, head, scope, seenStat, index);
        if (key is not null)
        {
            memo!.Remember(key, answer);
        }

        return answer.Dirty;
    }

    /// <summary>What only git reads (reftable, SHA-256 repositories): one <c>git status</c> of the workspace.</summary>
    private static GitState? ReadWithGit(string workspaceRoot, string workspacePath)
    {
        if (GitCli.Run(workspaceRoot, "status", "--porcelain=v2", "--branch", "--untracked-files=no", "--", ":(literal).") is not { ExitCode: 0 } status)
        {
            return null;
        }

        string? commit = null;
        string? branch = null;
        var dirty = false;
        foreach (var line in status.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# branch.oid ", StringComparison.Ordinal))
            {
                commit = line["# branch.oid ".Length..].Trim();
            }
            else if (line.StartsWith("# branch.head ", StringComparison.Ordinal))
            {
                branch = line["# branch.head ".Length..].Trim();
            }
            else if (!line.StartsWith('#'))
            {
                dirty = true;
            }
        }

        // "(initial)" before the first commit: no commit to record.
        return commit is null || commit.Length < 40 ? null : new GitState(commit, branch is null or "(detached)" ? null : branch, dirty, workspacePath);
    }

    private static bool? DirtyByStatus(string workTree, GitPathScope scope)
    {
        var status = GitCli.Run(workTree, ["status", "--porcelain=v2", "--untracked-files=no", "--", .. scope.ToPathspecs()]);
        return status is { ExitCode: 0 } ? status.Value.Output.Split('\n').Any(l => l.Length > 0 && !l.StartsWith('#')) : null;
    }
}
