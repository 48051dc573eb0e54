using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Cluster;

/// <summary>
/// The agent's files as the tool ships them: a folder (<see cref="AgentPaths.ToolFolder"/> beside the tool) holding
/// <c>agent</c> and <c>lib/</c>, their paths relative to it (sorted), and the digest of their names and bytes, which
/// names the derived images.
/// </summary>
public sealed record AgentFiles(string Folder, IReadOnlyList<string> Files, ContentDigest Digest)
{
    /// <summary>Points the tool at another agent folder (tests, a custom build).</summary>
    public const string FolderVariable = "PIPELINEBUILD_AGENT";

    /// <summary>The agent in <see cref="FolderVariable"/>'s folder when set, else beside the running tool (its build output or its package).</summary>
    public static AgentFiles Locate(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var folder = environment.GetValueOrDefault(FolderVariable) is { Length: > 0 } custom
            ? Path.GetFullPath(custom)
            : Path.Combine(AppContext.BaseDirectory, AgentPaths.ToolFolder);
        return Read(folder);
    }

    /// <summary>The agent files in <paramref name="folder"/>; <see cref="ClusterCodes.AgentNotFound"/> when it lacks the program or its loader.</summary>
    public static AgentFiles Read(string folder)
    {
        var program = Path.Combine(folder, Path.GetFileName(AgentPaths.Program));
        var loader = Path.Combine(folder, "lib", Path.GetFileName(AgentPaths.Loader));
        if (!File.Exists(program) || !File.Exists(loader))
        {
            throw new PipelineException(
                PipelineDiagnostic.Error(ClusterCodes.AgentNotFound, SourceLocation.Nowhere, $"the cluster agent is not in {folder} (it needs agent and lib/ld-linux-x86-64.so.2)", "reinstall the tool, or point PIPELINEBUILD_AGENT at a folder with the agent"),
                ExitCodes.InvalidInput);
        }

        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => f == "agent" || f.StartsWith("lib/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var listing = new TreeListing([.. files.Select(f => new FileDigest(f, FileHasher.Hash(Path.Combine(folder, f))))]);
        return new AgentFiles(folder, files, listing.Digest);
    }
}
