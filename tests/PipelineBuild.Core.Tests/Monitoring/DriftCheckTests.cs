using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Monitoring;
using PipelineBuild.Core.Runs;
using static PipelineBuild.Core.Tests.Loading.LoaderTestKit;

namespace PipelineBuild.Core.Tests.Monitoring;

public sealed class DriftCheckTests
{
    private const string Pipeline = """
        pipeline: p
        schedules:
          - drift: { metric: drift.max, above: 0.2 }
        stages:
          prepare:
            steps:
              split: { run: echo }
          profile:
            needs: [prepare]
            steps:
              current: { run: echo }
          train:
            needs: [prepare]
            steps:
              fit: { run: echo }
              evaluate: { run: echo, needs: [train.fit] }
        """;

    private readonly PipelineDefinition _pipeline = AssertLoads(Pipeline).Pipeline!;

    private StepGraph Graph => StepGraphBuilder.Build(_pipeline, new DiagnosticBag());

    [Fact]
    public void Should_retrain_the_model_side_when_a_fresh_measurement_is_above_the_threshold()
    {
        // Given a run where the profile ran (new data) and measured drift 0.4
        var run = Run(profile: StepState.Ran, drift: 0.4);

        // When the rules are evaluated
        var fired = DriftCheck.Evaluate(_pipeline.Schedules, run, Graph, []);

        // Then the steps that neither measure nor feed the measurement are forced
        var trigger = Assert.Single(fired);
        Assert.Equal(("profile.current", 0.4), (trigger.Step, trigger.Value));
        Assert.Equal(["train.fit", "train.evaluate"], trigger.Retrain);
    }

    [Theory]
    [InlineData(StepState.UpToDate, 0.4)]
    [InlineData(StepState.Ran, 0.1)]
    [InlineData(StepState.Ran, double.NaN)]
    public void Should_not_fire_on_an_old_measurement_or_one_below_the_threshold(StepState profile, double drift) =>
        Assert.Empty(DriftCheck.Evaluate(_pipeline.Schedules, Run(profile, drift), Graph, []));

    [Fact]
    public void Should_not_fire_when_the_run_already_retrained_everything()
    {
        var run = Run(StepState.Ran, 0.4, StepState.Ran);

        Assert.Empty(DriftCheck.Evaluate(_pipeline.Schedules, run, Graph, []));
    }

    [Fact]
    public void Should_name_a_metric_no_step_reported()
    {
        var missing = new List<string>();
        var run = Run(StepState.Ran, 0.4) with { Metrics = [] };

        Assert.Empty(DriftCheck.Evaluate(_pipeline.Schedules, run, Graph, missing));
        Assert.Equal(["drift.max"], missing);
    }

    [Fact]
    public void Should_match_a_metric_by_name_or_qualified_with_its_step()
    {
        var metric = new MetricValue("profile.current", "task:profile.current", "drift.max", 1);

        Assert.True(DriftCheck.Matches("drift.max", metric));
        Assert.True(DriftCheck.Matches("profile.current.drift.max", metric));
        Assert.False(DriftCheck.Matches("profile.other.drift.max", metric));
        Assert.False(DriftCheck.Matches("max", metric));
    }

    private static RunRecord Run(StepState profile, double drift, StepState train = StepState.UpToDate) => new()
    {
        Id = "r1",
        Pipeline = "p",
        StartedAt = DateTimeOffset.UnixEpoch,
        Status = RunStatus.Succeeded,
        Steps =
        [
            new StepRecord("prepare.split", StepState.UpToDate, "", TimeSpan.Zero, null, null, 0, null),
            new StepRecord("profile.current", profile, "", TimeSpan.Zero, null, null, 0, null),
            new StepRecord("train.fit", train, "", TimeSpan.Zero, null, null, 0, null),
            new StepRecord("train.evaluate", train, "", TimeSpan.Zero, null, null, 0, null),
        ],
        Metrics = [new MetricValue("profile.current", "task:profile.current", "drift.max", drift)],
    };
}
