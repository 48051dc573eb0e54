using System.IO.Enumeration;
using Microsoft.Extensions.FileSystemGlobbing;

namespace PipelineBuild.Core.Workspace;

/// <summary>
/// Lists workspace files under a folder or matching a glob, as sorted workspace-relative paths. A symlink
/// met on the way that leads outside the workspace throws <see cref="LinkOutsideWorkspaceException"/>:
/// nothing outside is ever fingerprinted or stored. Links that stay inside are followed as before.
/// </summary>
public static class WorkspaceFiles
{
    private static readonly EnumerationOptions AllFiles = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Every regular file under <paramref name="relativeFolder"/>, skipping the tool's own state and .git.</summary>
    public static List<string> UnderFolder(WorkspaceLayout layout, string relativeFolder, IReadOnlyList<string>? exclusions = null)
    {
        var excluded = Exclusions(exclusions);
        var full = relativeFolder.Length == 0 || relativeFolder == "." ? layout.Root : layout.FullPath(relativeFolder);
        var guard = new LinkGuard(layout);
        var entries = new FileSystemEnumerable<(string Path, bool IsLink)>(
            full,
            (ref FileSystemEntry entry) => (entry.ToFullPath(), (entry.Attributes & FileAttributes.ReparsePoint) != 0),
            AllFiles)
        {
            // Links are looked at whatever they point to: a link to a folder outside must throw, not be skipped.
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory || (entry.Attributes & FileAttributes.ReparsePoint) != 0,
        };
        var files = new List<string>();
        foreach (var (path, isLink) in entries)
        {
            var relative = layout.RelativePath(path);
            if (isLink && !IsToolState(relative))
            {
                guard.Check(relative);
                if (Directory.Exists(path))
                {
                    continue;
                }
            }

            if (!IsToolState(relative) && excluded?.Match(relative).HasMatches != true)
            {
                files.Add(relative);
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    public static List<string> MatchingGlob(WorkspaceLayout layout, string pattern, IReadOnlyList<string>? exclusions = null)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(pattern);
        foreach (var exclusion in exclusions ?? [])
        {
            matcher.AddExclude(exclusion);
        }

        var guard = new LinkGuard(layout);
        var files = new List<string>();
        foreach (var match in matcher.GetResultsInFullPath(layout.Root))
        {
            var relative = layout.RelativePath(match);
            if (!IsToolState(relative))
            {
                guard.Check(relative);
                files.Add(relative);
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static Matcher? Exclusions(IReadOnlyList<string>? exclusions)
    {
        if (exclusions is not { Count: > 0 })
        {
            return null;
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns([exclusions]);
        return matcher;
    }

    private static bool IsToolState(string relative) =>
        relative.StartsWith(WorkspaceLayout.StateFolderName + "/", StringComparison.Ordinal)
        || relative.StartsWith(".git/", StringComparison.Ordinal);
}
