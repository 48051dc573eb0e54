namespace PipelineBuild.Core.Graph;

/// <summary>
/// Outputs indexed by path, so that finding the producers of an input costs a few lookups
/// (its ancestors) plus a binary search (outputs below it), not a scan of every output.
/// </summary>
internal sealed class OutputIndex
{
    private readonly OutputEntry[] _sorted;

    // Where each path's outputs lie in _sorted: sorting by path makes them adjacent.
    private readonly Dictionary<string, (int Start, int Count)> _byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Start, int Count)>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public OutputIndex(OutputEntry[] outputs)
    {
        _sorted = outputs;
        Array.Sort(_sorted, static (a, b) =>
        {
            var byPath = string.CompareOrdinal(a.Path, b.Path);
            return byPath != 0 ? byPath : a.Step.CompareTo(b.Step);
        });
        _byPath.EnsureCapacity(_sorted.Length);
        _bySpan = _byPath.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < _sorted.Length; i++)
        {
            var path = _sorted[i].Path;
            _byPath[path] = _byPath.TryGetValue(path, out var range) ? (range.Start, range.Count + 1) : (i, 1);
        }
    }

    public IReadOnlyList<OutputEntry> All => _sorted;

    /// <summary>Adds the outputs that are this path or one of its folders.</summary>
    public void AddAtOrAbove(string path, List<OutputEntry> found)
    {
        // Spans, not substrings: this runs for every input and every output.
        var candidate = path.AsSpan();
        while (true)
        {
            if (_bySpan.TryGetValue(candidate, out var range))
            {
                found.AddRange(_sorted.AsSpan(range.Start, range.Count));
            }

            var slash = candidate.LastIndexOf('/');
            if (slash <= 0)
            {
                return;
            }

            candidate = candidate[..slash];
        }
    }

    /// <summary>Adds the outputs strictly inside a folder; every output when the folder is the workspace itself.</summary>
    public void AddBelow(string folder, List<OutputEntry> found)
    {
        if (folder.Length == 0)
        {
            found.AddRange(_sorted);
            return;
        }

        for (var i = FirstAtOrAfterFolder(folder); i < _sorted.Length && IsBelow(_sorted[i].Path, folder); i++)
        {
            found.Add(_sorted[i]);
        }
    }

    private static bool IsBelow(string path, string folder) =>
        path.Length > folder.Length && path[folder.Length] == '/' && path.StartsWith(folder, StringComparison.Ordinal);

    /// <summary>The index of the first output whose path sorts at or after <c>folder + "/"</c>, the first candidate below it.</summary>
    private int FirstAtOrAfterFolder(string folder)
    {
        var low = 0;
        var high = _sorted.Length;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (CompareToFolderPrefix(_sorted[middle].Path, folder) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>Ordinal comparison of <paramref name="path"/> with <c>folder + "/"</c>, without building that string.</summary>
    private static int CompareToFolderPrefix(string path, string folder)
    {
        var byFolder = path.AsSpan(0, Math.Min(path.Length, folder.Length)).SequenceCompareTo(folder);
        if (byFolder != 0)
        {
            return byFolder;
        }

        return path.Length == folder.Length ? -1 : path[folder.Length].CompareTo('/');
    }
}
