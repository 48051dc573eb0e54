using PipelineBuild.Core.Graph;

namespace PipelineBuild.Core.Experiments;

/// <summary>
/// The steps every experiment of a grid has in common: those that use none of the varied params,
/// directly or through their upstream. They run once, before the experiments, so that each
/// experiment restores them from the shared cache instead of running them again.
/// </summary>
public static class SharedSteps
{
    public static IReadOnlyList<string> Find(StepGraph graph, IReadOnlyCollection<string> variedParams)
    {
        var varies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in graph.Steps)
        {
            if (step.Params.Any(p => variedParams.Any(v => Overlaps(p, v))) || graph.DependenciesOf(step.Id).Any(d => varies.Contains(d.Id)))
            {
                varies.Add(step.Id);
            }
        }

        return graph.Steps.Where(s => !varies.Contains(s.Id)).Select(s => s.Id).ToList();
    }

    /// <summary><c>train</c> and <c>train.lr</c> overlap (one holds the other); <c>train.lr</c> and <c>train.l</c> do not.</summary>
    private static bool Overlaps(string a, string b) =>
        string.Equals(a, b, StringComparison.Ordinal)
        || a.StartsWith(b + ".", StringComparison.Ordinal)
        || b.StartsWith(a + ".", StringComparison.Ordinal);
}
