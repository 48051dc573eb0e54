using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Graph;

/// <summary>
/// The steps of a pipeline with their dependencies (outputs → inputs, and <c>needs</c>), in topological order.
/// Immutable; build one with <see cref="StepGraphBuilder"/>.
/// </summary>
public sealed class StepGraph
{
    private readonly StepDefinition[] _steps;
    private readonly int[] _fileIndex;
    private readonly Dictionary<string, int> _positions;
    private readonly int[][] _upstream;
    private readonly int[][] _downstream;
    private readonly int[] _criticalPath;

    // Built on the first ProducersOf: validating a pipeline never asks.
    private Dictionary<string, List<int>>? _producers;

    private StepGraph(StepDefinition[] steps, int[] fileIndex, int[][] upstream)
    {
        _steps = steps;
        _fileIndex = fileIndex;
        _upstream = upstream;
        _downstream = Invert(upstream);
        _criticalPath = LongestPaths(_downstream);
        _positions = new(steps.Length, StringComparer.Ordinal);
        for (var position = 0; position < steps.Length; position++)
        {
            _positions[steps[position].Id] = position;
        }
    }

    /// <summary>Every step, upstream before downstream; among independent steps, file order.</summary>
    public IReadOnlyList<StepDefinition> Steps => _steps;

    /// <summary>The step with this id (<c>stage.step</c>, or a matrix cell id).</summary>
    /// <exception cref="KeyNotFoundException">No step has this id.</exception>
    public StepDefinition this[string id] => _steps[PositionOf(id)];

    public bool Contains(string id) => _positions.ContainsKey(id);

    /// <summary>The steps this step reads from or needs directly, in graph order.</summary>
    public IReadOnlyList<StepDefinition> DependenciesOf(string id) => StepsAt(_upstream[PositionOf(id)]);

    /// <summary>The steps that read from or need this step directly, in graph order.</summary>
    public IReadOnlyList<StepDefinition> DependentsOf(string id) => StepsAt(_downstream[PositionOf(id)]);

    /// <summary>How many steps this step reads from or needs directly: <c>DependenciesOf(id).Count</c> without the list.</summary>
    public int DependencyCountOf(string id) => _upstream[PositionOf(id)].Length;

    /// <summary>
    /// The number of steps on the longest path from this step to a step nothing depends on, this step included.
    /// The scheduler starts the longest paths first.
    /// </summary>
    public int CriticalPathLength(string id) => _criticalPath[PositionOf(id)];

    /// <summary>
    /// The selected steps plus everything upstream of them. A step id may be a matrix base id
    /// (<c>train.fit</c> selects every <c>train.fit[...]</c>). Nothing selected means the whole graph.
    /// </summary>
    /// <exception cref="Diagnostics.PipelineException">PB1002: a stage or step that the pipeline does not define.</exception>
    public StepGraph Select(IReadOnlyCollection<string> stages, IReadOnlyCollection<string> stepIds)
    {
        if (stages.Count == 0 && stepIds.Count == 0)
        {
            return this;
        }

        var seeds = new StepSelection(_steps).Resolve(stages, stepIds);
        return Subgraph(UpstreamClosure(seeds));
    }

    /// <summary>
    /// The given steps and everything downstream of them, as <c>dvc repro --downstream</c>: their
    /// upstream is not selected, so it is used as it is on disk.
    /// </summary>
    /// <exception cref="Diagnostics.PipelineException">PB1002: a step that the pipeline does not define.</exception>
    public StepGraph SelectDownstream(IReadOnlyCollection<string> stepIds)
    {
        var selected = new bool[_steps.Length];
        var pending = new Stack<int>(new StepSelection(_steps).Resolve([], stepIds));
        while (pending.Count > 0)
        {
            var position = pending.Pop();
            if (!selected[position])
            {
                selected[position] = true;
                foreach (var downstream in _downstream[position])
                {
                    pending.Push(downstream);
                }
            }
        }

        return Subgraph(selected);
    }

    /// <summary>The steps whose output is this workspace-relative path or a folder that contains it.</summary>
    public IReadOnlyList<StepDefinition> ProducersOf(string workspaceRelativePath)
    {
        var path = WorkspacePath.Normalize(workspaceRelativePath);
        if (path is null)
        {
            return [];
        }

        var producers = Producers();
        var found = new SortedSet<int>();
        foreach (var candidate in WorkspacePath.Ancestors(path).Prepend(path))
        {
            if (producers.TryGetValue(candidate, out var positions))
            {
                found.UnionWith(positions);
            }
        }

        return StepsAt(found);
    }

    /// <summary>Builds the graph from steps in file order, the order to lay them out in, and the edges between file indexes.</summary>
    internal static StepGraph FromFileOrder(IReadOnlyList<StepDefinition> steps, int[] order, EdgeSet edges)
    {
        var positionOf = new int[order.Length];
        for (var position = 0; position < order.Length; position++)
        {
            positionOf[order[position]] = position;
        }

        var ordered = new StepDefinition[order.Length];
        var upstream = new int[order.Length][];
        for (var position = 0; position < order.Length; position++)
        {
            ordered[position] = steps[order[position]];
            upstream[position] = Positions(edges.UpstreamOf(order[position]), positionOf);
        }

        return new StepGraph(ordered, order, upstream);
    }

    private int PositionOf(string id) =>
        _positions.TryGetValue(id, out var position)
            ? position
            : throw new KeyNotFoundException($"The graph has no step '{id}'.");

    private StepDefinition[] StepsAt(IEnumerable<int> positions) => positions.Select(p => _steps[p]).ToArray();

    // Asked several times per step by the plan and the scheduler: one array, none when there is nothing to list.
    private StepDefinition[] StepsAt(int[] positions)
    {
        if (positions.Length == 0)
        {
            return [];
        }

        var steps = new StepDefinition[positions.Length];
        for (var i = 0; i < positions.Length; i++)
        {
            steps[i] = _steps[positions[i]];
        }

        return steps;
    }

    private bool[] UpstreamClosure(IEnumerable<int> seeds)
    {
        var selected = new bool[_steps.Length];
        var pending = new Stack<int>(seeds);
        while (pending.Count > 0)
        {
            var position = pending.Pop();
            if (selected[position])
            {
                continue;
            }

            selected[position] = true;
            foreach (var upstream in _upstream[position])
            {
                pending.Push(upstream);
            }
        }

        return selected;
    }

    private StepGraph Subgraph(bool[] selected)
    {
        // Re-sort rather than filter, so that ties among the kept steps are again broken by file order.
        var kept = Enumerable.Range(0, _steps.Length).Where(p => selected[p]).ToArray();
        var fileOrder = kept.OrderBy(p => _fileIndex[p]).ToArray();
        var local = new Dictionary<int, int>();
        for (var i = 0; i < fileOrder.Length; i++)
        {
            local[fileOrder[i]] = i;
        }

        var edges = new EdgeSet(fileOrder.Length);
        for (var i = 0; i < fileOrder.Length; i++)
        {
            // An upstream step left out (--downstream) is no edge: its outputs are used as they are.
            foreach (var upstream in _upstream[fileOrder[i]])
            {
                if (local.TryGetValue(upstream, out var upstreamIndex))
                {
                    edges.Add(upstreamIndex, i, EdgeCause.Inherited);
                }
            }
        }

        var steps = fileOrder.Select(p => _steps[p]).ToArray();
        return FromFileOrder(steps, TopologicalOrder.Sort(edges, edges.Downstream(), out _), edges);
    }

    /// <summary>The graph positions of file-order step indexes, ascending.</summary>
    private static int[] Positions(IReadOnlyList<int> fileIndexes, int[] positionOf)
    {
        if (fileIndexes.Count == 0)
        {
            return [];
        }

        var positions = new int[fileIndexes.Count];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = positionOf[fileIndexes[i]];
        }

        Array.Sort(positions);
        return positions;
    }

    // Threads may race to build it; each builds its own, and one wins.
    private Dictionary<string, List<int>> Producers() =>
        Volatile.Read(ref _producers) ?? LazyInitializer.EnsureInitialized(ref _producers, IndexProducers);

    private Dictionary<string, List<int>> IndexProducers()
    {
        var producers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var position = 0; position < _steps.Length; position++)
        {
            foreach (var output in _steps[position].Outputs)
            {
                if (WorkspacePath.Normalize(output.Path) is { Length: > 0 } path)
                {
                    if (!producers.TryGetValue(path, out var list))
                    {
                        list = [];
                        producers[path] = list;
                    }

                    list.Add(position);
                }
            }
        }

        return producers;
    }

    private static int[][] Invert(int[][] upstream)
    {
        var counts = new int[upstream.Length];
        foreach (var froms in upstream)
        {
            foreach (var from in froms)
            {
                counts[from]++;
            }
        }

        var downstream = new int[upstream.Length][];
        for (var i = 0; i < downstream.Length; i++)
        {
            downstream[i] = counts[i] == 0 ? [] : new int[counts[i]];
            counts[i] = 0;
        }

        for (var to = 0; to < upstream.Length; to++)
        {
            foreach (var from in upstream[to])
            {
                downstream[from][counts[from]++] = to;
            }
        }

        return downstream;
    }

    private static int[] LongestPaths(int[][] downstream)
    {
        // Reverse topological order: every later step is final when an earlier one is computed.
        // Edges pointing backwards exist only inside cycles (already errors) and are ignored.
        var lengths = new int[downstream.Length];
        for (var position = downstream.Length - 1; position >= 0; position--)
        {
            var longest = 0;
            foreach (var next in downstream[position])
            {
                if (next > position)
                {
                    longest = Math.Max(longest, lengths[next]);
                }
            }

            lengths[position] = longest + 1;
        }

        return lengths;
    }
}
