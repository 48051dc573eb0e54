using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Experiments;

/// <summary>
/// A temporary copy of a workspace for one experiment, under <c>.pipeline/exp/&lt;name&gt;/</c> (the same
/// file system, so restores and the cache move files rather than copy them across devices). Its
/// <c>.pipeline/cache/cas</c> and <c>ac</c> are links to the workspace's own, so what one experiment
/// computes every other (and the workspace) finds in the cache. <c>.git</c> and <c>.pipeline</c> are not copied.
/// Disposing deletes the copy.
/// </summary>
public sealed class ExperimentWorkspace : IDisposable
{
    private static readonly string[] Skipped = [WorkspaceLayout.StateFolderName, ".git"];

    private ExperimentWorkspace(WorkspaceLayout source, WorkspaceLayout copy)
    {
        Source = source;
        Layout = copy;
    }

    public WorkspaceLayout Source { get; }

    public WorkspaceLayout Layout { get; }

    /// <summary>Where the copies of a workspace live.</summary>
    public static string FolderOf(WorkspaceLayout source) => Path.Combine(source.StateFolder, "exp");

    public static ExperimentWorkspace Create(WorkspaceLayout source, string name)
    {
        var root = Path.Combine(FolderOf(source), name);
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var copy = new ExperimentWorkspace(source, new WorkspaceLayout(root));
        try
        {
            CopyFolder(source.Root, root, Skipped);
            Directory.CreateDirectory(source.ContentFolder);
            Directory.CreateDirectory(source.ActionFolder);
            Directory.CreateDirectory(copy.Layout.CacheFolder);
            Directory.CreateSymbolicLink(copy.Layout.ContentFolder, source.ContentFolder);
            Directory.CreateSymbolicLink(copy.Layout.ActionFolder, source.ActionFolder);
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    /// <summary>The copy of a file of the workspace (an absolute path inside it).</summary>
    public string PathOf(string sourcePath) => Layout.FullPath(Source.RelativePath(sourcePath));

    /// <summary>Moves a run's step logs into the workspace's <c>.pipeline/logs/</c>, so they outlive the copy.</summary>
    public void KeepLogs(string runId)
    {
        var logs = Path.Combine(Layout.LogsFolder, runId);
        if (Directory.Exists(logs))
        {
            Directory.CreateDirectory(Source.LogsFolder);
            Directory.Move(logs, Path.Combine(Source.LogsFolder, runId));
        }
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Layout.Root))
            {
                // The links first, so deleting the copy can never reach the shared cache.
                foreach (var link in new[] { Layout.ContentFolder, Layout.ActionFolder })
                {
                    if (new DirectoryInfo(link).LinkTarget is not null)
                    {
                        Directory.Delete(link);
                    }
                }

                Directory.Delete(Layout.Root, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover copy only takes space; the next experiment of that name replaces it.
        }
    }

    private static void CopyFolder(string from, string to, string[] skipped)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            if (skipped.Contains(entry.Name, StringComparer.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } linkTarget)
            {
                File.CreateSymbolicLink(target, linkTarget);
            }
            else if (entry is DirectoryInfo folder)
            {
                CopyFolder(folder.FullName, target, []);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }
}
