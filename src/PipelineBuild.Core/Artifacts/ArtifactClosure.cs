using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Artifacts;

/// <summary>The steps that make an artifact: those whose outputs overlap its path, and everything upstream of them.</summary>
public static class ArtifactClosure
{
    /// <summary>
    /// The steps in graph order; empty for an artifact no step produces (a data set kept in the
    /// repository); null when a producer was not part of this run or did not end well, because then
    /// the files on disk are not what this run made.
    /// </summary>
    public static IReadOnlyList<StepDefinition>? Of(ArtifactDefinition artifact, PipelineDefinition pipeline, StepGraph selection, IReadOnlyList<StepResult> results)
    {
        var path = artifact.Path.TrimEnd('/');
        var producers = pipeline.Steps.Where(s => s.Outputs.Any(o => Overlaps(o.Path, path))).ToList();
        var ended = results.Where(r => r.State is StepState.Ran or StepState.UpToDate or StepState.Restored).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        if (producers.Any(p => !selection.Contains(p.Id) || !ended.Contains(p.Id)))
        {
            return null;
        }

        var closure = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<StepDefinition>(producers);
        while (pending.TryPop(out var step))
        {
            if (closure.Add(step.Id))
            {
                foreach (var dependency in selection.DependenciesOf(step.Id))
                {
                    pending.Push(dependency);
                }
            }
        }

        return selection.Steps.Where(s => closure.Contains(s.Id)).ToList();
    }

    /// <summary>Two workspace paths are the same, or one lies inside the other.</summary>
    public static bool Overlaps(string a, string b)
    {
        a = a.TrimEnd('/');
        b = b.TrimEnd('/');
        return a == b
            || (a.Length > b.Length && a[b.Length] == '/' && a.StartsWith(b, StringComparison.Ordinal))
            || (b.Length > a.Length && b[a.Length] == '/' && b.StartsWith(a, StringComparison.Ordinal));
    }
}
