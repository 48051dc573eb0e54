using System.IO.Enumeration;

namespace PipelineBuild.Core.Workspace;

/// <summary>
/// Lists one folder through .NET's enumeration, in two cheap passes instead of one lstat per entry: the first skips
/// symlinks (the kernel's d_type says which they are), the second only counts the entries. Only a folder where the
/// counts differ holds links; it is read a third time for the entries the first pass skipped.
/// </summary>
internal static class PortableFolderEntries
{
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

    /// <summary>Adds the entries of <paramref name="fullFolder"/> to <paramref name="entries"/>, each named <paramref name="prefix"/> + its name.</summary>
    public static void Read(string fullFolder, string prefix, List<FolderEntry> entries)
    {
        var first = entries.Count;
        entries.AddRange(new FileSystemEnumerable<FolderEntry>(
            fullFolder,
            (ref FileSystemEntry entry) => new FolderEntry(string.Concat(prefix, entry.FileName), entry.IsDirectory ? FileKind.Directory : FileKind.RegularFile),
            OneFolderButLinks));

        var all = new FileSystemEnumerable<byte>(fullFolder, (ref FileSystemEntry entry) => 0, OneFolder).Count();
        if (all > entries.Count - first)
        {
            AddLinks(fullFolder, prefix, entries, first);
        }
    }

    /// <summary>The entries the first pass skipped: links, or entries made since (then checked as links are).</summary>
    private static void AddLinks(string fullFolder, string prefix, List<FolderEntry> entries, int first)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = first; i < entries.Count; i++)
        {
            seen.Add(entries[i].Relative[prefix.Length..]);
        }

        var seenBySpan = seen.GetAlternateLookup<ReadOnlySpan<char>>();
        entries.AddRange(new FileSystemEnumerable<FolderEntry>(
            fullFolder,
            (ref FileSystemEntry entry) => new FolderEntry(string.Concat(prefix, entry.FileName), FileKind.SymbolicLink),
            OneFolder)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !seenBySpan.Contains(entry.FileName),
        });
    }
}
