namespace PipelineBuild.Core.Graph;

/// <summary>
/// Outputs indexed by path, so that finding the producers of an input costs a few lookups
/// (its ancestors) plus a binary search (outputs below it), not a scan of every output.
/// </summary>
internal sealed class OutputIndex
{
    private readonly Dictionary<string, List<OutputEntry>> _byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<OutputEntry>>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly OutputEntry[] _sorted;
    private readonly string[] _sortedPaths;

    public OutputIndex(IEnumerable<OutputEntry> outputs)
    {
        _sorted = outputs.ToArray();
        Array.Sort(_sorted, static (a, b) =>
        {
            var byPath = string.CompareOrdinal(a.Path, b.Path);
            return byPath != 0 ? byPath : a.Step.CompareTo(b.Step);
        });
        _sortedPaths = Array.ConvertAll(_sorted, o => o.Path);
        _bySpan = _byPath.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var output in _sorted)
        {
            if (!_byPath.TryGetValue(output.Path, out var list))
            {
                list = [];
                _byPath[output.Path] = list;
            }

            list.Add(output);
        }
    }

    public IReadOnlyList<OutputEntry> All => _sorted;

    public IEnumerable<IReadOnlyList<OutputEntry>> Groups => _byPath.Values;

    /// <summary>Outputs at exactly this path.</summary>
    public IReadOnlyList<OutputEntry> At(string path) =>
        _byPath.TryGetValue(path, out var list) ? list : [];

    /// <summary>Adds the outputs that are this path or one of its folders.</summary>
    public void AddAtOrAbove(string path, List<OutputEntry> found)
    {
        // Spans, not substrings: this runs for every input and every output.
        var candidate = path.AsSpan();
        while (true)
        {
            if (_bySpan.TryGetValue(candidate, out var list))
            {
                found.AddRange(list);
            }

            var slash = candidate.LastIndexOf('/');
            if (slash <= 0)
            {
                return;
            }

            candidate = candidate[..slash];
        }
    }

    /// <summary>Outputs strictly inside a folder; every output when the folder is the workspace itself.</summary>
    public IEnumerable<OutputEntry> Below(string folder)
    {
        if (folder.Length == 0)
        {
            return _sorted;
        }

        var prefix = folder + "/";
        var start = Array.BinarySearch(_sortedPaths, prefix, StringComparer.Ordinal);
        if (start < 0)
        {
            start = ~start;
        }

        return Range(prefix, start);
    }

    private IEnumerable<OutputEntry> Range(string prefix, int start)
    {
        for (var i = start; i < _sorted.Length && _sortedPaths[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            yield return _sorted[i];
        }
    }
}
