namespace PipelineBuild.Core.Graph;

/// <summary>Kahn's algorithm; among ready steps the one first in the file comes first, so the order is stable.</summary>
internal static class TopologicalOrder
{
    /// <summary>
    /// Step indexes in order; steps caught in a cycle follow, in file order, so a graph can still be shown.
    /// <paramref name="acyclic"/> is false when there are such steps.
    /// </summary>
    public static int[] Sort(EdgeSet edges, int[][] downstream, out bool acyclic)
    {
        var count = edges.Count;
        var pending = new int[count];
        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < count; i++)
        {
            pending[i] = edges.UpstreamOf(i).Count;
            if (pending[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }

        var order = new List<int>(count);
        while (ready.TryDequeue(out var step, out _))
        {
            order.Add(step);
            foreach (var next in downstream[step])
            {
                if (--pending[next] == 0)
                {
                    ready.Enqueue(next, next);
                }
            }
        }

        acyclic = order.Count == count;
        if (!acyclic)
        {
            var placed = new bool[count];
            foreach (var step in order)
            {
                placed[step] = true;
            }

            for (var i = 0; i < count; i++)
            {
                if (!placed[i])
                {
                    order.Add(i);
                }
            }
        }

        return order.ToArray();
    }
}
