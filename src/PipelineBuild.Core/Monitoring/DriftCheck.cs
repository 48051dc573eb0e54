using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Core.Monitoring;

/// <summary>
/// Evaluates <c>- drift: { metric, above }</c> rules after a run. A rule fires when a step that ran in
/// that run (new data, so a new measurement) reported the metric above the threshold. The retrain it
/// asks for forces every step that is neither a step reporting the metric nor upstream of one (the
/// model side of the pipeline), less those that already ran in the same run. So the follow-up run
/// leaves the measuring steps up to date and cannot fire the rule again, and a run that already
/// retrained everything (the data change reran training anyway) asks for nothing.
/// </summary>
public static class DriftCheck
{
    /// <summary>The rules that fired; <paramref name="missing"/> gets the metrics no step of the run reported.</summary>
    public static IReadOnlyList<DriftTrigger> Evaluate(IReadOnlyList<ScheduleDefinition> schedules, RunRecord run, StepGraph graph, List<string> missing)
    {
        var states = run.Steps.ToDictionary(s => s.Id, s => s.State, StringComparer.Ordinal);
        var fired = new List<DriftTrigger>();
        foreach (var rule in schedules.Where(s => s.Kind == ScheduleKind.Drift))
        {
            var matches = run.Metrics.Where(m => Matches(rule.DriftMetric!, m)).ToList();
            if (matches.Count == 0)
            {
                missing.Add(rule.DriftMetric!);
                continue;
            }

            var over = matches
                .Where(m => states.GetValueOrDefault(m.Step) == StepState.Ran && m.Value > rule.DriftAbove!.Value)
                .MaxBy(m => m.Value);
            if (over is null)
            {
                continue;
            }

            var measuring = UpstreamClosure(graph, matches.Select(m => m.Step));
            var retrain = graph.Steps
                .Where(s => !measuring.Contains(s.Id) && states.GetValueOrDefault(s.Id) != StepState.Ran)
                .Select(s => s.Id)
                .ToList();
            if (retrain.Count > 0)
            {
                fired.Add(new DriftTrigger(rule, over.Step, over.Value, retrain));
            }
        }

        return fired;
    }

    /// <summary>A rule's metric is a recorded name (<c>drift.max</c>) or one qualified with its step (<c>profile.current.drift.max</c>).</summary>
    public static bool Matches(string ruleMetric, MetricValue metric) =>
        string.Equals(ruleMetric, metric.Name, StringComparison.Ordinal)
        || (ruleMetric.Length == metric.Step.Length + 1 + metric.Name.Length
            && ruleMetric.StartsWith(metric.Step, StringComparison.Ordinal)
            && ruleMetric[metric.Step.Length] == '.'
            && ruleMetric.EndsWith(metric.Name, StringComparison.Ordinal));

    private static HashSet<string> UpstreamClosure(StepGraph graph, IEnumerable<string> steps)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(steps.Where(graph.Contains));
        while (pending.TryPop(out var id))
        {
            if (seen.Add(id))
            {
                foreach (var dependency in graph.DependenciesOf(id))
                {
                    pending.Push(dependency.Id);
                }
            }
        }

        return seen;
    }
}
