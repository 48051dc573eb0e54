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

    private static readonly EnumerationOptions OneFolderButLinks = new()
    {
        RecurseSubdirectories = false,
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
        var files = new List<string>();
        Collect(Path.TrimEndingDirectorySeparator(full), new RelativeNames(layout), new LinkGuard(layout), files, 0);
        files.RemoveAll(relative => IsToolState(relative) || excluded?.Match(relative).HasMatches == true);
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
    /// Lists a tree folder by folder, straight into workspace-relative paths (one string per file), in two cheap
    /// passes per folder instead of one lstat per file: the first skips symlinks (the kernel's d_type says which
    /// they are), the second only counts the folder's entries. Only a folder where the counts differ holds links;
    /// it is read a third time for the entries the first pass skipped. Each link is checked, then followed when it
    /// stays inside.
    /// </summary>
    private static void Collect(string fullFolder, RelativeNames names, LinkGuard guard, List<string> files, int linkDepth)
    {
        var pending = new Stack<string>();
        pending.Push(fullFolder);
        while (pending.TryPop(out var folder))
        {
            var firstFile = files.Count;
            var subfolders = new List<string>();
            var listed = new FileSystemEnumerable<(string Path, bool IsDirectory)>(
                folder,
                (ref FileSystemEntry entry) => entry.IsDirectory ? (entry.ToFullPath(), true) : (names.Of(ref entry), false),
                OneFolderButLinks);
            foreach (var (path, isDirectory) in listed)
            {
                (isDirectory ? subfolders : files).Add(path);
            }

            var all = new FileSystemEnumerable<byte>(folder, (ref FileSystemEntry entry) => 0, OneFolder).Count();
            if (all > files.Count - firstFile + subfolders.Count)
            {
                CollectLinks(folder, files, firstFile, subfolders, names, guard, linkDepth);
            }

            foreach (var subfolder in subfolders)
            {
                pending.Push(subfolder);
            }
        }
    }

    /// <summary>The entries of <paramref name="folder"/> the first pass skipped (links, or entries made since): checked, then followed.</summary>
    private static void CollectLinks(string folder, List<string> files, int firstFile, List<string> subfolders, RelativeNames names, LinkGuard guard, int linkDepth)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = firstFile; i < files.Count; i++)
        {
            seen.Add(Path.GetFileName(files[i]));
        }

        foreach (var subfolder in subfolders)
        {
            seen.Add(Path.GetFileName(subfolder));
        }

        var seenBySpan = seen.GetAlternateLookup<ReadOnlySpan<char>>();
        var unseen = new FileSystemEnumerable<string>(folder, (ref FileSystemEntry entry) => entry.ToFullPath(), OneFolder)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !seenBySpan.Contains(entry.FileName),
        };
        foreach (var link in unseen)
        {
            var relative = names.Layout.RelativePath(link);
            if (IsToolState(relative))
            {
                continue;
            }

            guard.Check(relative);
            if (!Directory.Exists(link))
            {
                files.Add(relative);
            }
            else if (linkDepth < MaxLinkDepth)
            {
                Collect(link, names, guard, files, linkDepth + 1);
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
