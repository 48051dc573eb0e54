namespace PipelineBuild.Cli.Tests.Architecture;

/// <summary>Import cycles between namespaces (strongly connected components of more than one namespace).</summary>
internal static class NamespaceCycles
{
    public static IEnumerable<string> Find(NamespaceGraph graph)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<string>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var used in graph.UsesOf(node).Keys)
            {
                if (!index.ContainsKey(used))
                {
                    Visit(used);
                    low[node] = Math.Min(low[node], low[used]);
                }
                else if (onStack.Contains(used))
                {
                    low[node] = Math.Min(low[node], index[used]);
                }
            }

            if (low[node] != index[node])
            {
                return;
            }

            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (!string.Equals(member, node, StringComparison.Ordinal));

            if (component.Count > 1)
            {
                cycles.Add(graph.Prefix + ": " + string.Join(" ↔ ", component.Order(StringComparer.Ordinal).Select(c => $"{(c.Length == 0 ? "(root)" : c)} (uses {string.Join(", ", graph.UsesOf(c).Where(u => component.Contains(u.Key)).Select(u => $"{u.Key} in {u.Value}"))})")));
            }
        }

        foreach (var node in graph.Nodes.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return cycles;
    }
}
