using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Core.Monitoring;

/// <summary>
/// The Prometheus metrics of a pipeline (docs/architecture.md, Monitoring), from its history: counters over every recorded run,
/// gauges from the latest one. Every series has the <c>pipeline</c> label; no label holds a run id, a
/// fingerprint or a time, so the number of series stays bounded by steps, metrics and artifacts.
/// </summary>
public static class PipelineMetrics
{
    private static readonly string[] RunStatuses = ["succeeded", "failed", "cancelled"];
    private static readonly StepState[] StepStates = Enum.GetValues<StepState>();

    public static IReadOnlyList<MetricFamily> From(PipelineHistory history)
    {
        var pipeline = history.Pipeline;
        var latest = history.LatestRun;
        var families = new List<MetricFamily>
        {
            new("pipeline_runs_total", MetricType.Counter, "Runs of the pipeline recorded in the workspace, by status.",
                RunStatuses.Select(s => MetricSample.Of(history.RunsByStatus.GetValueOrDefault(s), ("pipeline", pipeline), ("status", s))).ToList()),
            new("pipeline_run_duration_seconds", MetricType.Gauge, "Wall time of the latest run.",
                latest?.Duration is { } duration ? [MetricSample.Of(duration.TotalSeconds, ("pipeline", pipeline))] : []),
            new("pipeline_run_last_success_timestamp_seconds", MetricType.Gauge, "When the latest successful run ended (Unix time).",
                history.LastSuccessAt is { } success ? [MetricSample.Of(success.ToUnixTimeMilliseconds() / 1000.0, ("pipeline", pipeline))] : []),
            new("pipeline_step_duration_seconds", MetricType.Gauge, "Duration of each step in the latest run, with how it ended (ran, up-to-date, restored, failed, skipped, cancelled).",
                latest?.Steps.Select(s => MetricSample.Of(s.Duration.TotalSeconds, ("pipeline", pipeline), ("step", s.Id), ("state", StepStateNames.Of(s.State)))).ToList() ?? []),
            new("pipeline_step_executions_total", MetricType.Counter, "Steps of recorded runs, by how they ended.",
                StepStates.Select(s => MetricSample.Of(history.StepsByState.GetValueOrDefault(StepStateNames.Of(s)), ("pipeline", pipeline), ("state", StepStateNames.Of(s)))).ToList()),
            new("pipeline_step_cache_hits_total", MetricType.Counter, "Steps of recorded runs that did not run: up to date, or restored from the cache.",
                [MetricSample.Of(history.StepsByState.GetValueOrDefault("up-to-date") + history.StepsByState.GetValueOrDefault("restored"), ("pipeline", pipeline))]),
            new("pipeline_metric", MetricType.Gauge, "Metrics recorded by the latest run (metrics files and .NET task metrics: accuracy, data profile, drift...), nested keys joined with dots.",
                MetricSamples(pipeline, latest)),
            new("pipeline_artifact_info", MetricType.Gauge, "The current version of each artifact of the pipeline (value 1).",
                latest?.Artifacts.Select(a => MetricSample.Of(1, ("pipeline", pipeline), ("name", a.Name), ("version", a.Version))).ToList() ?? []),
        };
        return families;
    }

    private static List<MetricSample> MetricSamples(string pipeline, RunRecord? run)
    {
        // One series per (step, name): two metrics files of one step with the same key keep the last.
        var latest = new Dictionary<(string Step, string Name), double>();
        foreach (var metric in run?.Metrics ?? [])
        {
            latest[(metric.Step, metric.Name)] = metric.Value;
        }

        return latest
            .OrderBy(m => m.Key.Step, StringComparer.Ordinal)
            .ThenBy(m => m.Key.Name, StringComparer.Ordinal)
            .Select(m => MetricSample.Of(m.Value, ("pipeline", pipeline), ("step", m.Key.Step), ("name", m.Key.Name)))
            .ToList();
    }

}
