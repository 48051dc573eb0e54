namespace PipelineBuild.Core.Graph;

/// <summary>Tarjan's strongly connected components, with an explicit stack so that long chains cannot overflow the call stack.</summary>
internal static class StronglyConnected
{
    /// <summary>The components, each as a list of step indexes; a component of one step is included too.</summary>
    public static List<List<int>> Components(int[][] downstream)
    {
        var count = downstream.Length;
        var index = new int[count];
        var lowLink = new int[count];
        var onStack = new bool[count];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var work = new Stack<(int Node, int NextEdge)>();
        var components = new List<List<int>>();
        var nextIndex = 0;

        for (var root = 0; root < count; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }

            work.Push((root, 0));
            while (work.Count > 0)
            {
                var (node, edge) = work.Pop();
                if (edge == 0)
                {
                    index[node] = lowLink[node] = nextIndex++;
                    stack.Push(node);
                    onStack[node] = true;
                }

                var descended = false;
                for (; edge < downstream[node].Length; edge++)
                {
                    var next = downstream[node][edge];
                    if (index[next] < 0)
                    {
                        // Come back to this node at the following edge once 'next' is done.
                        work.Push((node, edge + 1));
                        work.Push((next, 0));
                        descended = true;
                        break;
                    }

                    if (onStack[next])
                    {
                        lowLink[node] = Math.Min(lowLink[node], index[next]);
                    }
                }

                if (descended)
                {
                    continue;
                }

                if (lowLink[node] == index[node])
                {
                    var component = new List<int>();
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component.Add(member);
                    }
                    while (member != node);
                    components.Add(component);
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    lowLink[parent] = Math.Min(lowLink[parent], lowLink[node]);
                }
            }
        }

        return components;
    }
}
