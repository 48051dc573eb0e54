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
        UnderFolder(layout, relativeFolder, exclusions, listings: null);

    /// <summary>
    /// The same, taking a folder's entries from <paramref name="listings"/> when its own stat says they are unchanged
    /// (Linux), and remembering there the folders it reads. The files themselves are not read here: their callers stat
    /// each one as before.
    /// </summary>
    internal static List<string> UnderFolder(WorkspaceLayout layout, string relativeFolder, IReadOnlyList<string>? exclusions, IFolderListings? listings)
    {
        var excluded = Exclusions(exclusions);
        var full = Path.TrimEndingDirectorySeparator(relativeFolder.Length == 0 || relativeFolder == "." ? layout.Root : layout.FullPath(relativeFolder));
        List<string> files;
        try
        {
            files = Collect(full, new RelativeNames(layout), new LinkGuard(layout), LinuxFolderEntries.IsSupported ? listings : null);
        }
        catch (StaleListingException)
        {
            // A remembered entry said "folder" where there is none (now): every folder is read again, as without listings.
            files = Collect(full, new RelativeNames(layout), new LinkGuard(layout), null);
        }

        files.RemoveAll(relative => IsToolState(relative) || excluded?.Match(relative).HasMatches == true);
        // Each folder's files come sorted, the folders of a level in order: a tree whose files lie at one level (or
        // whose levels happen not to interleave) is sorted already; any other is sorted here.
        if (!IsSorted(files))
        {
            files.Sort(StringComparer.Ordinal);
        }

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
    /// Lists a tree folder by folder, straight into workspace-relative paths (one string per file), a level of the
    /// tree at a time with the level's folders listed in parallel. Each link is checked, then followed when it stays
    /// inside. The tool's state is not entered (its files would be dropped anyway).
    /// </summary>
    private static List<string> Collect(string fullFolder, RelativeNames names, LinkGuard guard, IFolderListings? listings)
    {
        var files = new List<string>();
        List<Subfolder> level = [new Subfolder(fullFolder, 0, FromEntry: false)];
        while (level.Count > 0)
        {
            var listed = new ListedFolder[level.Count];
            if (level.Count == 1)
            {
                listed[0] = ListFolder(level[0], names, guard, listings);
            }
            else
            {
                Parallel.For(0, level.Count, i => listed[i] = ListFolder(level[i], names, guard, listings));
            }

            level = [];
            foreach (var folder in listed)
            {
                // The first failure in listing order, whichever thread met it first.
                folder.Failure?.Throw();
                files.AddRange(folder.Files);
                level.AddRange(folder.Subfolders);
            }

            level.Sort(static (a, b) => string.CompareOrdinal(a.Folder, b.Folder));
        }

        return files;
    }

    private static ListedFolder ListFolder(Subfolder subfolder, RelativeNames names, LinkGuard guard, IFolderListings? listings)
    {
        var (folder, linkDepth, _) = subfolder;
        var files = new List<string>();
        var subfolders = new List<Subfolder>();
        try
        {
            var prefix = names.PrefixOf(folder);
            // One list per thread, reused folder after folder: a new one per folder grew to each folder's size again.
            var entries = t_entries ??= [];
            entries.Clear();
            if (listings is not null)
            {
                ReadOrReplay(subfolder, prefix, entries, listings);
            }
            else if (LinuxFolderEntries.IsSupported)
            {
                LinuxFolderEntries.Read(folder, prefix, entries);
            }
            else
            {
                PortableFolderEntries.Read(folder, prefix, entries);
            }

            files.Capacity = entries.Count;

            foreach (var (relative, kind) in entries)
            {
                switch (kind)
                {
                    case FileKind.Directory when !IsToolState(relative + "/"):
                        subfolders.Add(new Subfolder(FullPath(folder, prefix, relative), linkDepth, FromEntry: true));
                        break;
                    case FileKind.Directory:
                        break;
                    case FileKind.SymbolicLink:
                        FollowLink(FullPath(folder, prefix, relative), linkDepth, names, guard, files, subfolders);
                        break;
                    default:
                        files.Add(relative);
                        break;
                }
            }

            entries.Clear(); // not kept alive by the thread
            // Here, on the folder's own thread: the whole list then is most often sorted already. A remembered
            // listing comes in name order (UTF-8 bytes, the same order for most names): checked, not sorted again.
            if (!IsSorted(files))
            {
                files.Sort(StringComparer.Ordinal);
            }
        }
        catch (Exception e)
        {
            return new ListedFolder(files, subfolders, ExceptionDispatchInfo.Capture(e));
        }

        return new ListedFolder(files, subfolders, null);
    }

    /// <summary>
    /// A folder's entries from <paramref name="listings"/> when the folder's own stat is the one they were listed with,
    /// else read (and remembered). A folder met as an entry of its parent is stat'ed without following links: if it is
    /// not a folder itself (a link, a file) the parent's entries were not what is on disk, and the whole tree is read
    /// again rather than follow a link the parent's listing did not check.
    /// </summary>
    private static void ReadOrReplay(Subfolder subfolder, string prefix, List<FolderEntry> entries, IFolderListings listings)
    {
        var relativeFolder = prefix.Length == 0 ? string.Empty : prefix[..^1];
        if (listings.TryReplayUnchanged(relativeFolder, prefix, entries))
        {
            return;
        }

        if (LinuxStat.TryReadFolder(subfolder.Folder, followLinks: !subfolder.FromEntry, out var stat))
        {
            if (listings.TryReplay(relativeFolder, stat, prefix, entries))
            {
                return;
            }
        }
        else if (subfolder.FromEntry)
        {
            throw new StaleListingException();
        }

        var listedAt = listings.Now();
        LinuxFolderEntries.Read(subfolder.Folder, prefix, entries, out var opened);
        if (opened is { } openedStat)
        {
            listings.Record(relativeFolder, openedStat, listedAt, entries, prefix.Length);
        }
    }

    private static string FullPath(string folder, string prefix, string relative) =>
        string.Concat(folder, Path.DirectorySeparatorChar.ToString(), relative.AsSpan(prefix.Length));

    private static void FollowLink(string link, int linkDepth, RelativeNames names, LinkGuard guard, List<string> files, List<Subfolder> subfolders)
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
            files.Add(relative);
        }
        else if (linkDepth < MaxLinkDepth)
        {
            subfolders.Add(new Subfolder(link, linkDepth + 1, FromEntry: false));
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

    private sealed record ListedFolder(List<string> Files, List<Subfolder> Subfolders, ExceptionDispatchInfo? Failure);

    /// <summary>A folder to list; <paramref name="FromEntry"/>: met as a folder entry of its parent (not through a link).</summary>
    private readonly record struct Subfolder(string Folder, int LinkDepth, bool FromEntry);

    /// <summary>A remembered listing named a folder that is not one on disk.</summary>
    private sealed class StaleListingException : Exception;

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
