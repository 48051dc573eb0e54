using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Graph;

/// <summary>Builds the <see cref="StepGraph"/> of a pipeline and checks the rules about edges of docs/pipeline-format.md.</summary>
public static class StepGraphBuilder
{
    /// <summary>
    /// Builds the graph and adds every problem found (PB3001–PB3011) to <paramref name="diagnostics"/>.
    /// A graph is returned even when there are errors, so that tools can still show it; the caller checks the diagnostics.
    /// </summary>
    public static StepGraph Build(PipelineDefinition pipeline, DiagnosticBag diagnostics)
    {
        var steps = pipeline.Steps;
        GuardUniqueIds(steps);
        using var paths = new PathValidator(pipeline.WorkspaceRoot, diagnostics, ToolOwnedPaths.Of(pipeline));
        var outputs = new OutputIndex(NormalizedOutputs(steps, paths));
        OutputConflicts.Report(steps, outputs, diagnostics);

        var edges = new EdgeSet(steps.Count);
        new DataEdgeFinder(steps, outputs, paths, edges, diagnostics, pipeline.WorkspaceRoot).AddAll();
        new NeedsResolver(pipeline, edges, diagnostics).AddAll(pipeline.Stages);

        var downstream = edges.Downstream();
        var order = TopologicalOrder.Sort(edges, downstream, out var acyclic);
        if (!acyclic)
        {
            CycleReporter.Report(steps, edges, downstream, diagnostics);
        }

        return StepGraph.FromFileOrder(steps, order, edges);
    }

    private static OutputEntry[] NormalizedOutputs(IReadOnlyList<StepDefinition> steps, PathValidator paths)
    {
        var count = 0;
        foreach (var step in steps)
        {
            count += step.Outputs.Count;
        }

        var entries = new List<OutputEntry>(count);
        for (var i = 0; i < steps.Count; i++)
        {
            // Indexes rather than foreach: an interface enumerator is an allocation per step.
            var stepOutputs = steps[i].Outputs;
            for (var j = 0; j < stepOutputs.Count; j++)
            {
                var output = stepOutputs[j];
                if (paths.Output(steps[i], output) is { } path)
                {
                    entries.Add(new OutputEntry(i, path, output));
                }
            }
        }

        return entries.ToArray();
    }

    private static void GuardUniqueIds(IReadOnlyList<StepDefinition> steps)
    {
        // The loader rejects duplicate keys (PB2xxx); two steps with one id here is a bug, not user input.
        var seen = new HashSet<string>(steps.Count, StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (!seen.Add(step.Id))
            {
                throw new ArgumentException($"Two steps share the id '{step.Id}'.", nameof(steps));
            }
        }
    }
}
