using System.Runtime.ExceptionServices;
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

    [ThreadStatic]
    private static List<FolderEntry>? t_entries;

    /// <summary>Every regular file under <paramref name="relativeFolder"/>, skipping the tool's own state and .git.</summary>
    public static List<string> UnderFolder(WorkspaceLayout layout, string relativeFolder, IReadOnlyList<string>? exclusions = null) =>
        List(layout, relativeFolder, exclusions, statFiles: false).Paths;

    /// <summary>
    /// The same files, each regular file (Linux) also stat'ed while its folder is listed, relative to the open folder:
    /// one pass over the tree instead of a listing and then a stat by path per file.
    /// </summary>
    public static FolderFiles UnderFolderWithStats(WorkspaceLayout layout, string relativeFolder, IReadOnlyList<string>? exclusions = null) =>
        List(layout, relativeFolder, exclusions, statFiles: true);

    private static FolderFiles List(WorkspaceLayout layout, string relativeFolder, IReadOnlyList<string>? exclusions, bool statFiles)
    {
        var excluded = Exclusions(exclusions);
        var full = relativeFolder.Length == 0 || relativeFolder == "." ? layout.Root : layout.FullPath(relativeFolder);
        var files = Collect(Path.TrimEndingDirectorySeparator(full), new RelativeNames(layout), new LinkGuard(layout), statFiles);
        if (excluded is not null || files.Paths.Exists(IsToolState))
        {
            files = Without(files, relative => IsToolState(relative) || excluded?.Match(relative).HasMatches == true);
        }

        // Each folder's files come sorted, the folders of a level in order: a tree whose files lie at one level (or
        // whose levels happen not to interleave) is sorted already; any other is sorted here.
        return IsSorted(files.Paths) ? files : Sorted(files);
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
    /// Lists a tree folder by folder, straight into workspace-relative paths (one string per file), a level of the
    /// tree at a time with the level's folders listed in parallel. Each link is checked, then followed when it stays
    /// inside. The tool's state is not entered (its files would be dropped anyway).
    /// </summary>
    private static FolderFiles Collect(string fullFolder, RelativeNames names, LinkGuard guard, bool statFiles)
    {
        var files = new FolderFiles([], []);
        List<(string Folder, int LinkDepth)> level = [(fullFolder, 0)];
        while (level.Count > 0)
        {
            var listed = new ListedFolder[level.Count];
            if (level.Count == 1)
            {
                listed[0] = ListFolder(level[0].Folder, level[0].LinkDepth, names, guard, statFiles);
            }
            else
            {
                Parallel.For(0, level.Count, i => listed[i] = ListFolder(level[i].Folder, level[i].LinkDepth, names, guard, statFiles));
            }

            level = [];
            var count = files.Paths.Count + listed.Sum(folder => folder.Files.Count);
            files.Paths.EnsureCapacity(count);
            files.Stats.EnsureCapacity(count);
            foreach (var folder in listed)
            {
                // The first failure in listing order, whichever thread met it first.
                folder.Failure?.Throw();
                foreach (var file in folder.Files)
                {
                    files.Paths.Add(file.Relative);
                    files.Stats.Add(file.Stat);
                }

                level.AddRange(folder.Subfolders);
            }

            level.Sort(static (a, b) => string.CompareOrdinal(a.Folder, b.Folder));
        }

        return files;
    }

    private static ListedFolder ListFolder(string folder, int linkDepth, RelativeNames names, LinkGuard guard, bool statFiles)
    {
        var files = new List<FolderEntry>();
        var subfolders = new List<(string, int)>();
        try
        {
            var prefix = names.PrefixOf(folder);
            // One list per thread, reused folder after folder: a new one per folder grew to each folder's size again.
            var entries = t_entries ??= [];
            entries.Clear();
            if (LinuxFolderEntries.IsSupported)
            {
                LinuxFolderEntries.Read(folder, prefix, entries, statFiles);
            }
            else
            {
                PortableFolderEntries.Read(folder, prefix, entries);
            }

            files.Capacity = entries.Count;

            foreach (var entry in entries)
            {
                var relative = entry.Relative;
                switch (entry.Kind)
                {
                    case FileKind.Directory when !IsToolState(relative + "/"):
                        subfolders.Add((FullPath(folder, prefix, relative), linkDepth));
                        break;
                    case FileKind.Directory:
                        break;
                    case FileKind.SymbolicLink:
                        FollowLink(FullPath(folder, prefix, relative), linkDepth, names, guard, files, subfolders);
                        break;
                    default:
                        files.Add(entry);
                        break;
                }
            }

            entries.Clear(); // not kept alive by the thread
            // Here, on the folder's own thread: the whole list then is most often sorted already. Listed with stats, the
            // folder's entries came sorted, and so its files most often do.
            if (!IsSorted(files))
            {
                if (files.TrueForAll(file => file.Relative.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    NameOrder.Sort(files, prefix);
                }
                else
                {
                    files.Sort(static (a, b) => string.CompareOrdinal(a.Relative, b.Relative));
                }
            }
        }
        catch (Exception e)
        {
            return new ListedFolder(files, subfolders, ExceptionDispatchInfo.Capture(e));
        }

        return new ListedFolder(files, subfolders, null);
    }

    private static string FullPath(string folder, string prefix, string relative) =>
        string.Concat(folder, Path.DirectorySeparatorChar.ToString(), relative.AsSpan(prefix.Length));

    private static void FollowLink(string link, int linkDepth, RelativeNames names, LinkGuard guard, List<FolderEntry> files, List<(string, int)> subfolders)
    {
        var relative = names.Layout.RelativePath(link);
        if (IsToolState(relative))
        {
            return;
        }

        lock (guard)
        {
            guard.Check(relative);
        }

        if (!Directory.Exists(link))
        {
            files.Add(new FolderEntry(relative, FileKind.SymbolicLink)); // stat'ed later, through the link
        }
        else if (linkDepth < MaxLinkDepth)
        {
            subfolders.Add((link, linkDepth + 1));
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

    private sealed record ListedFolder(List<FolderEntry> Files, List<(string Folder, int LinkDepth)> Subfolders, ExceptionDispatchInfo? Failure);

    private static FolderFiles Without(FolderFiles files, Predicate<string> dropped)
    {
        var kept = new FolderFiles(new List<string>(files.Paths.Count), new List<ListedStat?>(files.Paths.Count));
        for (var i = 0; i < files.Paths.Count; i++)
        {
            if (!dropped(files.Paths[i]))
            {
                kept.Paths.Add(files.Paths[i]);
                kept.Stats.Add(files.Stats[i]);
            }
        }

        return kept;
    }

    private static FolderFiles Sorted(FolderFiles files)
    {
        var order = Enumerable.Range(0, files.Paths.Count).ToArray();
        var paths = files.Paths;
        Array.Sort(order, (a, b) => string.CompareOrdinal(paths[a], paths[b]));
        return new FolderFiles([.. order.Select(i => paths[i])], [.. order.Select(i => files.Stats[i])]);
    }

    private static bool IsSorted(List<FolderEntry> files)
    {
        for (var i = 1; i < files.Count; i++)
        {
            if (string.CompareOrdinal(files[i - 1].Relative, files[i].Relative) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSorted(List<string> files)
    {
        for (var i = 1; i < files.Count; i++)
        {
            if (string.CompareOrdinal(files[i - 1], files[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsToolState(string relative) =>
        relative.StartsWith(WorkspaceLayout.StateFolderName + "/", StringComparison.Ordinal)
        || relative.StartsWith(".git/", StringComparison.Ordinal);
}
