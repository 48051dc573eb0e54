using PipelineBuild.Core.Model;
using static PipelineBuild.Core.Tests.Loading.LoaderTestKit;

namespace PipelineBuild.Core.Tests.Monitoring;

public sealed class ScheduleLoadingTests
{
    private const string Steps = """
        stages:
          s:
            steps:
              a: { run: echo }
        """;

    [Fact]
    public void Should_report_an_invalid_cron_expression_where_it_is_written()
    {
        // Given a cron schedule with a minute out of range
        var result = Load("pipeline: p\nschedules:\n  - cron: \"61 * * * *\"\n" + Steps);

        // Then PB9501 points at the expression
        var diagnostic = Single(result, "PB9501");
        AssertAt(diagnostic, 3, 11);
        Assert.Contains("61 * * * *", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_read_cron_with_seconds_watch_globs_and_drift_rules()
    {
        var result = AssertLoads("""
            pipeline: p
            schedules:
              - cron: "*/5 * * * * *"
              - watch: ["data/raw/**", data/current.csv]
              - drift: { metric: drift.max, above: 0.2 }
            """ + "\n" + Steps);

        var schedules = result.Pipeline!.Schedules;
        Assert.Equal([ScheduleKind.Cron, ScheduleKind.Watch, ScheduleKind.Drift], schedules.Select(s => s.Kind));
        Assert.Equal(["data/raw/**", "data/current.csv"], schedules[1].Watch);
        Assert.Equal(("drift.max", 0.2), (schedules[2].DriftMetric, schedules[2].DriftAbove!.Value));
    }
}
