using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Monitoring;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Core.Tests.Monitoring;

public sealed class PipelineMetricsTests
{
    [Fact]
    public void Should_expose_counters_from_the_history_and_gauges_from_the_latest_run()
    {
        // Given a history of three runs, the latest with a step that ran and one that was up to date
        var started = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var latest = new RunRecord
        {
            Id = "0123456789abcdef",
            Pipeline = "iris",
            StartedAt = started,
            EndedAt = started.AddSeconds(2.5),
            Status = RunStatus.Succeeded,
            Steps = [new StepRecord("train.fit", StepState.Ran, "new", TimeSpan.FromSeconds(2), null, 0, 1, null), new StepRecord("prepare.split", StepState.UpToDate, "", TimeSpan.Zero, null, null, 0, null)],
            Metrics = [new MetricValue("train.evaluate", "metrics/eval.json", "accuracy", 0.93), new MetricValue("profile.test", "task:profile.test", "drift.max", 0.4)],
            Artifacts = [new PublishedArtifact("iris-model", "1.0.2", default(ContentDigest), true)],
        };
        var history = new PipelineHistory(
            "iris",
            new Dictionary<string, long> { ["succeeded"] = 2, ["failed"] = 1 },
            new Dictionary<string, long> { ["ran"] = 3, ["up-to-date"] = 4, ["restored"] = 1 },
            started.AddSeconds(2.5),
            latest);

        // When the metrics are written
        var text = PrometheusText.Write(PipelineMetrics.From(history));

        // Then the counters, gauges and labels follow the metric names of docs/architecture.md, with no run id anywhere
        Assert.Contains("pipeline_runs_total{pipeline=\"iris\",status=\"succeeded\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("pipeline_runs_total{pipeline=\"iris\",status=\"cancelled\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("pipeline_run_duration_seconds{pipeline=\"iris\"} 2.5\n", text, StringComparison.Ordinal);
        Assert.Contains("pipeline_run_last_success_timestamp_seconds{pipeline=\"iris\"} 1700000002.5\n", text, StringComparison.Ordinal);
        Assert.Contains("pipeline_step_duration_seconds{pipeline=\"iris\",step=\"train.fit\",state=\"ran\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("pipeline_step_executions_total{pipeline=\"iris\",state=\"up-to-date\"} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("pipeline_step_cache_hits_total{pipeline=\"iris\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("pipeline_metric{pipeline=\"iris\",step=\"train.evaluate\",name=\"accuracy\"} 0.93\n", text, StringComparison.Ordinal);
        Assert.Contains("pipeline_metric{pipeline=\"iris\",step=\"profile.test\",name=\"drift.max\"} 0.4\n", text, StringComparison.Ordinal);
        Assert.Contains("pipeline_artifact_info{pipeline=\"iris\",name=\"iris-model\",version=\"1.0.2\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(latest.Id, text, StringComparison.Ordinal);
        Assert.Contains("# TYPE pipeline_runs_total counter\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_write_zero_counters_and_no_gauges_for_a_pipeline_that_never_ran()
    {
        // Given no history; When written
        var text = PrometheusText.Write(PipelineMetrics.From(PipelineHistory.Empty("iris")));

        // Then
        Assert.Contains("pipeline_runs_total{pipeline=\"iris\",status=\"succeeded\"} 0\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pipeline_run_duration_seconds", text, StringComparison.Ordinal);
    }
}
