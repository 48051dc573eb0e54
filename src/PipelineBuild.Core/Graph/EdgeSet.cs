namespace PipelineBuild.Core.Graph;

/// <summary>Edges between steps (by file-order index), without duplicates, each with the first cause found.</summary>
internal sealed class EdgeSet
{
    // A step's list is created with its first edge: many steps have none.
    private readonly List<int>?[] _upstream;
    private readonly Dictionary<(int From, int To), EdgeCause> _causes = [];

    public EdgeSet(int stepCount)
    {
        _upstream = new List<int>?[stepCount];
    }

    public int Count => _upstream.Length;

    /// <summary>Adds <paramref name="from"/> → <paramref name="to"/>: <paramref name="to"/> runs after <paramref name="from"/>.</summary>
    public void Add(int from, int to, EdgeCause cause)
    {
        if (_causes.TryAdd((from, to), cause))
        {
            (_upstream[to] ??= []).Add(from);
        }
    }

    public IReadOnlyList<int> UpstreamOf(int step) => _upstream[step] ?? (IReadOnlyList<int>)[];

    public EdgeCause? CauseOf(int from, int to) => _causes.TryGetValue((from, to), out var cause) ? cause : null;

    /// <summary>Downstream lists, each in ascending file order.</summary>
    public int[][] Downstream()
    {
        var counts = new int[_upstream.Length];
        foreach (var upstream in _upstream)
        {
            foreach (var from in upstream ?? [])
            {
                counts[from]++;
            }
        }

        var downstream = new int[_upstream.Length][];
        for (var i = 0; i < downstream.Length; i++)
        {
            downstream[i] = counts[i] == 0 ? [] : new int[counts[i]];
            counts[i] = 0;
        }

        for (var to = 0; to < _upstream.Length; to++)
        {
            foreach (var from in _upstream[to] ?? [])
            {
                downstream[from][counts[from]++] = to;
            }
        }

        return downstream;
    }
}
