namespace PipelineBuild.Core.Workspace;

/// <summary>
/// Sorts the files of one folder in ordinal (UTF-16) order by keys: the first eight UTF-16 units of each name after the
/// folder's common prefix, packed into two integers, compared before the strings themselves. Most names of a large
/// folder differ within them, so most comparisons are two integer comparisons instead of a string comparison from the
/// first character. Keys agree with ordinal order (a unit is a 16-bit number; a shorter name pads with 0, below any
/// unit a name can hold), and equal keys fall back to the full ordinal comparison.
/// </summary>
internal static class NameOrder
{
    [ThreadStatic]
    private static Keyed[]? t_keys;

    [ThreadStatic]
    private static FolderEntry[]? t_sorted;

    /// <summary>Sorts <paramref name="files"/>, all of whose paths start with <paramref name="prefix"/>.</summary>
    public static void Sort(List<FolderEntry> files, string prefix) => Sort(files, 0, prefix);

    /// <summary>Sorts <paramref name="files"/> from <paramref name="first"/> on, all of whose paths start with <paramref name="prefix"/>.</summary>
    public static void Sort(List<FolderEntry> files, int first, string prefix)
    {
        var count = files.Count - first;
        if (count < 2)
        {
            return;
        }

        var keys = t_keys is { } k && k.Length >= count ? k : t_keys = new Keyed[Math.Max(count, 256)];
        for (var i = 0; i < count; i++)
        {
            var name = files[first + i].Relative.AsSpan(prefix.Length);
            keys[i] = new Keyed(Pack(name, 0), Pack(name, 4), first + i);
        }

        keys.AsSpan(0, count).Sort(new ByKey(files));
        var sorted = t_sorted is { } s && s.Length >= count ? s : t_sorted = new FolderEntry[Math.Max(count, 256)];
        for (var i = 0; i < count; i++)
        {
            sorted[i] = files[keys[i].Index];
        }

        for (var i = 0; i < count; i++)
        {
            files[first + i] = sorted[i];
        }

        Array.Clear(sorted, 0, count); // no strings kept alive by the thread
    }

    private static ulong Pack(ReadOnlySpan<char> name, int start)
    {
        ulong key = 0;
        for (var i = start; i < start + 4; i++)
        {
            key = (key << 16) | (i < name.Length ? name[i] : 0u);
        }

        return key;
    }

    private readonly record struct Keyed(ulong High, ulong Low, int Index);

    private readonly struct ByKey(List<FolderEntry> files) : IComparer<Keyed>
    {
        public int Compare(Keyed x, Keyed y) =>
            x.High != y.High ? (x.High < y.High ? -1 : 1)
            : x.Low != y.Low ? (x.Low < y.Low ? -1 : 1)
            : string.CompareOrdinal(files[x.Index].Relative, files[y.Index].Relative);
    }
}
