using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Runs;

/// <summary>The metrics of a run: every metrics file of each step that ended well, plus what tasks reported.</summary>
public static class RunMetrics
{
    public static IReadOnlyList<MetricValue> Collect(WorkspaceLayout layout, StepGraph selection, IReadOnlyList<StepResult> results, Action<string> warning)
    {
        var metrics = new List<MetricValue>();
        foreach (var result in results)
        {
            if (result.State is not (StepState.Ran or StepState.UpToDate or StepState.Restored) || !selection.Contains(result.Id))
            {
                continue;
            }

            foreach (var file in selection[result.Id].Metrics)
            {
                var values = MetricsFileReader.Read(layout.FullPath(file), out var problem);
                if (problem is not null)
                {
                    warning($"{file}: warning {RunCodes.MetricsUnreadable}: the metrics of step '{result.Id}' were not recorded: {problem}; write a JSON or YAML map of numbers there");
                }

                foreach (var (name, value) in values)
                {
                    metrics.Add(new MetricValue(result.Id, file, name, value));
                }
            }

            // Loops, not lambdas over the step: those would cost a closure for every step, most of which have no metrics.
            foreach (var (name, value) in result.Metrics)
            {
                metrics.Add(new MetricValue(result.Id, "task:" + result.Id, name, value));
            }
        }

        return metrics;
    }
}
