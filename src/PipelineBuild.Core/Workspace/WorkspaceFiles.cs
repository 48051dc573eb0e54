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
    private const int MaxLinkDepth = 40;

    private static readonly EnumerationOptions AllButLinks = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    private static readonly EnumerationOptions OneFolder = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Every regular file under <paramref name="relativeFolder"/>, skipping the tool's own state and .git.</summary>
    public static List<string> UnderFolder(WorkspaceLayout layout, string relativeFolder, IReadOnlyList<string>? exclusions = null)
    {
        var excluded = Exclusions(exclusions);
        var full = relativeFolder.Length == 0 || relativeFolder == "." ? layout.Root : layout.FullPath(relativeFolder);
        var found = new List<string>();
        Collect(full, layout, new LinkGuard(layout), found, 0);
        var files = new List<string>(found.Count);
        var rootPrefix = layout.Root.EndsWith(Path.DirectorySeparatorChar) ? layout.Root : layout.Root + Path.DirectorySeparatorChar;
        foreach (var path in found)
        {
            // Listed paths are the root's own full path and names below it: cutting the prefix is GetRelativePath's answer.
            var relative = path.StartsWith(rootPrefix, StringComparison.Ordinal) && Path.DirectorySeparatorChar == '/'
                ? path[rootPrefix.Length..]
                : layout.RelativePath(path);
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

    /// <summary>
    /// The paths among <paramref name="relativePaths"/> (files known by digest, not on disk: <c>run --no-download</c>) that
    /// <paramref name="pattern"/> selects, by the rules of <see cref="MatchingGlob"/>; sorted.
    /// </summary>
    public static List<string> MatchingGlobAmong(string pattern, IEnumerable<string> relativePaths, IReadOnlyList<string>? exclusions = null)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(pattern);
        foreach (var exclusion in exclusions ?? [])
        {
            matcher.AddExclude(exclusion);
        }

        var files = matcher.Match(relativePaths).Files.Select(f => f.Path).Where(p => !IsToolState(p)).ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>The paths among <paramref name="relativePaths"/> that no exclusion names, by the rules of <see cref="UnderFolder"/>.</summary>
    public static List<string> NotExcluded(IEnumerable<string> relativePaths, IReadOnlyList<string>? exclusions)
    {
        var excluded = Exclusions(exclusions);
        return [.. relativePaths.Where(p => !IsToolState(p) && excluded?.Match(p).HasMatches != true)];
    }

    /// <summary>
    /// Lists a tree in two cheap passes instead of one lstat per file: the first skips symlinks (the
    /// kernel's d_type says which they are), the second re-reads each folder and keeps only the entries
    /// the first skipped (looked up by span: nothing is allocated for the others). Links are few; each
    /// is checked, then followed when it stays inside.
    /// </summary>
    private static void Collect(string fullFolder, WorkspaceLayout layout, LinkGuard guard, List<string> files, int linkDepth)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var folders = new List<string> { fullFolder };
        var entries = new FileSystemEnumerable<(string Path, bool IsDirectory)>(fullFolder, (ref FileSystemEntry entry) => (entry.ToFullPath(), entry.IsDirectory), AllButLinks)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => true,
        };
        foreach (var (path, isDirectory) in entries)
        {
            seen.Add(path);
            (isDirectory ? folders : files).Add(path);
        }

        var seenBySpan = seen.GetAlternateLookup<ReadOnlySpan<char>>();
        var buffer = new char[1024];
        foreach (var folder in folders)
        {
            var unseen = new FileSystemEnumerable<string>(folder, (ref FileSystemEntry entry) => entry.ToFullPath(), OneFolder)
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) =>
                {
                    // The path ToFullPath would give (Path.Join): one separator between folder and name.
                    var separator = Path.EndsInDirectorySeparator(entry.Directory) ? 0 : 1;
                    var length = entry.Directory.Length + separator + entry.FileName.Length;
                    if (buffer.Length < length)
                    {
                        buffer = new char[length * 2];
                    }

                    entry.Directory.CopyTo(buffer);
                    buffer[entry.Directory.Length] = Path.DirectorySeparatorChar;
                    entry.FileName.CopyTo(buffer.AsSpan(entry.Directory.Length + separator));
                    return !seenBySpan.Contains(buffer.AsSpan(0, length));
                },
            };
            foreach (var link in unseen)
            {
                if (IsToolState(layout.RelativePath(link)))
                {
                    continue;
                }

                guard.Check(layout.RelativePath(link));
                if (!Directory.Exists(link))
                {
                    files.Add(link);
                }
                else if (linkDepth < MaxLinkDepth)
                {
                    Collect(link, layout, guard, files, linkDepth + 1);
                }
            }
        }
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
