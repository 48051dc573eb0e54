using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Graph;

/// <summary>Reports every cycle (PB3001) as one concrete loop through the component, in order, with why each edge exists.</summary>
internal static class CycleReporter
{
    public static void Report(IReadOnlyList<StepDefinition> steps, EdgeSet edges, int[][] downstream, DiagnosticBag diagnostics)
    {
        var cyclic = StronglyConnected.Components(downstream)
            .Where(c => c.Count > 1 || downstream[c[0]].Contains(c[0]))
            .Select(c => c.Order().ToArray())
            .OrderBy(c => c[0]);
        foreach (var component in cyclic)
        {
            var loop = LoopThrough(component, downstream);
            var names = string.Join(" -> ", loop.Select(i => steps[i].Id));
            var reasons = string.Join("; ", loop.Zip(loop.Skip(1)).Select(e => Describe(steps, e.First, e.Second, edges.CauseOf(e.First, e.Second))));
            var extra = component.Length > loop.Count - 1
                ? $" ({component.Length} steps are caught in it: {string.Join(", ", component.Select(i => steps[i].Id))})"
                : string.Empty;
            diagnostics.Error(
                GraphCodes.Cycle,
                steps[component[0]].Location,
                $"cycle: {names}{extra}",
                $"{reasons}; remove a 'needs' entry or split a step so that data flows one way");
        }
    }

    private static string Describe(IReadOnlyList<StepDefinition> steps, int from, int to, EdgeCause? cause) => cause?.Kind switch
    {
        EdgeCauseKind.Reads => $"'{steps[to].Id}' reads '{cause.Value.Subject}' written by '{steps[from].Id}'",
        EdgeCauseKind.StepNeeds => $"'{steps[to].Id}' needs '{cause.Value.Subject}'",
        EdgeCauseKind.StageNeeds => $"stage '{steps[to].Stage}' needs '{cause.Value.Subject}'",
        _ => $"'{steps[to].Id}' runs after '{steps[from].Id}'",
    };

    /// <summary>The shortest loop from the component's first step back to it (breadth-first), as step indexes, start repeated at the end.</summary>
    private static List<int> LoopThrough(int[] component, int[][] downstream)
    {
        var start = component[0];
        var members = component.ToHashSet();
        var previous = new Dictionary<int, int>();
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var next in downstream[node])
            {
                if (next == start)
                {
                    return Path(previous, start, node);
                }

                if (members.Contains(next) && previous.TryAdd(next, node))
                {
                    queue.Enqueue(next);
                }
            }
        }

        // Unreachable for a true component; keep the report useful anyway.
        return [.. component, start];
    }

    private static List<int> Path(Dictionary<int, int> previous, int start, int last)
    {
        var path = new List<int> { start };
        for (var node = last; node != start; node = previous[node])
        {
            path.Add(node);
        }

        path.Add(start);
        path.Reverse(1, path.Count - 2);
        return path;
    }
}
