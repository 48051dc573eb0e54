using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Recording;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Sessions;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Execution;

public sealed class SchedulerTests
{
    [Fact]
    public void Should_start_the_step_with_the_longest_path_below_it_first()
    {
        // Given a chain a -> b -> c declared after an independent step d
        using var ws = TestWorkspace.Create();
        var runner = new FakeStepRunner();
        var pipeline = Pipeline(ws, Step("d"), Step("a"), Step("b", "a"), Step("c", "b"));

        // When it runs one step at a time
        var report = Run(pipeline, runner, new RunOptions { Jobs = 1 });

        // Then the critical path goes first; equal paths keep file order (d before c)
        Assert.Equal(RunStatus.Succeeded, report.Status);
        Assert.Equal(["s.a", "s.b", "s.d", "s.c"], runner.Started);
    }

    [Fact]
    public void Should_never_run_more_step_processes_at_once_than_jobs_while_outputs_are_stored()
    {
        // Given twelve independent steps, each taking a moment, and two slots
        using var ws = TestWorkspace.Create();
        var runner = new FakeStepRunner().Taking(TimeSpan.FromMilliseconds(20));
        var pipeline = Pipeline(ws, Enumerable.Range(0, 12).Select(i => Step($"p{i:00}")).ToArray());

        // When they run (a slot is handed on when a process ends, before its outputs are stored)
        var report = Run(pipeline, runner, new RunOptions { Jobs = 2 });

        // Then all ran, and never more than two at once
        Assert.Equal(RunStatus.Succeeded, report.Status);
        Assert.All(report.Steps, s => Assert.Equal(StepState.Ran, s.State));
        Assert.Equal(2, runner.MostAtOnce);
    }

    [Fact]
    public void Should_keep_the_longest_path_first_when_a_slot_is_freed_before_the_outputs_are_stored()
    {
        // Given a chain a -> b -> c and two independent steps declared first, one slot
        using var ws = TestWorkspace.Create();
        var runner = new FakeStepRunner().Taking(TimeSpan.FromMilliseconds(10));
        var pipeline = Pipeline(ws, Step("d"), Step("e"), Step("a"), Step("b", "a"), Step("c", "b"));

        // When it runs
        var report = Run(pipeline, runner, new RunOptions { Jobs = 1 });

        // Then b (a longer path than d's) waits for a's outputs to be stored rather than letting d in first; c's path is
        // as long as d's and e's, so file order puts it last, as when every slot waited for the stored outputs
        Assert.Equal(RunStatus.Succeeded, report.Status);
        Assert.Equal(["s.a", "s.b", "s.d", "s.e", "s.c"], runner.Started);
    }

    [Fact]
    public void Should_skip_what_is_left_after_a_failure_and_say_why()
    {
        using var ws = TestWorkspace.Create();
        var runner = new FakeStepRunner().Fail("s.a");
        var pipeline = Pipeline(ws, Step("a"), Step("b", "a"), Step("d"));

        var report = Run(pipeline, runner, new RunOptions { Jobs = 1 });

        Assert.Equal(RunStatus.Failed, report.Status);
        Assert.Equal(StepState.Failed, Result(report, "s.a").State);
        Assert.Equal(new StepReason(ReasonKind.UpstreamFailed, "s.a"), Result(report, "s.b").Reason);
        Assert.Equal("upstream failed: s.a", ReasonText.Format(Result(report, "s.b").Reason));
        Assert.Equal(new StepReason(ReasonKind.StoppedAfterFailure, "s.a"), Result(report, "s.d").Reason);
        Assert.Equal("stopped after failure of s.a", ReasonText.Format(Result(report, "s.d").Reason));
        Assert.DoesNotContain("s.d", runner.Started);
    }

    [Fact]
    public void Should_run_everything_not_downstream_of_a_failure_when_keeping_going()
    {
        using var ws = TestWorkspace.Create();
        var runner = new FakeStepRunner().Fail("s.a");
        var pipeline = Pipeline(ws, Step("a"), Step("b", "a"), Step("d"));

        var report = Run(pipeline, runner, new RunOptions { Jobs = 1, KeepGoing = true });

        Assert.Equal(StepState.Ran, Result(report, "s.d").State);
        Assert.Equal(StepState.Skipped, Result(report, "s.b").State);
    }

    [Fact]
    public void Should_retry_a_failed_attempt_as_many_times_as_asked()
    {
        using var ws = TestWorkspace.Create();
        var runner = new FakeStepRunner().Fail("s.a", 1, attempts: [1, 2]);
        var pipeline = Pipeline(ws, Step("a") with { Retries = 2 });

        var report = Run(pipeline, runner, new RunOptions());

        Assert.Equal(StepState.Ran, Result(report, "s.a").State);
        Assert.Equal(3, Result(report, "s.a").Attempts);
    }

    [Fact]
    public void Should_fail_a_step_that_outlives_its_timeout()
    {
        using var ws = TestWorkspace.Create();
        var runner = new FakeStepRunner().Hang("s.a");
        var pipeline = Pipeline(ws, Step("a") with { Timeout = TimeSpan.FromMilliseconds(200) });

        var report = Run(pipeline, runner, new RunOptions());

        Assert.Equal(StepState.Failed, Result(report, "s.a").State);
        Assert.StartsWith("timed out", Result(report, "s.a").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_cancel_running_steps_record_the_run_cancelled_and_cache_nothing()
    {
        // Given a run whose first step hangs
        using var ws = TestWorkspace.Create();
        using var cancellation = new CancellationTokenSource();
        var runner = new FakeStepRunner().Hang("s.a", started: () => cancellation.CancelAfter(TimeSpan.FromMilliseconds(100)));
        var pipeline = Pipeline(ws, Step("a"), Step("b", "a"));

        // When the run is cancelled while that step runs
        var report = Run(pipeline, runner, new RunOptions(), cancellation.Token);

        // Then the step is cancelled, its dependant skipped, and no action entry exists
        Assert.Equal(RunStatus.Cancelled, report.Status);
        Assert.Equal(StepState.Cancelled, Result(report, "s.a").State);
        Assert.Equal(StepState.Skipped, Result(report, "s.b").State);
        Assert.False(Directory.Exists(ws.PathOf(".pipeline/cache/ac")));
    }

    [Fact]
    public async Task Should_take_up_to_date_host_steps_at_once_with_their_start_time_and_record_them()
    {
        // Given a chain of two host steps that ran once, the run recorded
        using var ws = TestWorkspace.Create();
        var pipeline = Pipeline(ws, Step("a") with { Command = "echo a > out/a.txt" }, Step("b", "a") with { Command = "cp out/a.txt out/b.txt" });
        var graph = StepGraphBuilder.Build(pipeline, new DiagnosticBag());
        var session = new PipelineSession([new HostStepRunner()], SessionEnvironment.FromProcess("test"));
        await RunRecordedAsync();

        // When it runs again (runs.db now exists: it is opened while the steps are decided)
        var before = DateTimeOffset.UtcNow;
        var report = await RunRecordedAsync();
        var after = DateTimeOffset.UtcNow;

        // Then both steps are up to date, each with the time it was taken, and the run is in the history with them
        Assert.Equal(RunStatus.Succeeded, report.Status);
        Assert.All(report.Steps, s => Assert.Equal(StepState.UpToDate, s.State));
        Assert.All(report.Steps, s => Assert.InRange(s.StartedAt!.Value, before, after));
        Assert.All(report.Steps, s => Assert.Matches("^[0-9a-f]{64}$", s.Fingerprint));
        using var store = RunStore.Open(ws.PathOf(".pipeline/runs.db"));
        Assert.Equal(2, store.Ids().Count);
        var recorded = store.Get(report.RunId)!;
        Assert.Equal(["s.a", "s.b"], recorded.Steps.Select(s => s.Id));
        Assert.All(recorded.Steps, s => Assert.Equal(StepState.UpToDate, s.State));
        Assert.Equal(report.Steps.Select(s => s.Fingerprint), recorded.Steps.Select(s => s.Fingerprint));

        async Task<RunReport> RunRecordedAsync()
        {
            await using var run = await session.PrepareAsync(pipeline, graph, CancellationToken.None);
            return await session.RunAsync(run, new RunOptions { Jobs = 2 }, new NullRunObserver(), record: true, CancellationToken.None);
        }
    }

    private static StepResult Result(RunReport report, string id) => report.Steps.Single(s => s.Id == id);

    private static StepDefinition Step(string name, string? after = null) => new()
    {
        Id = "s." + name,
        Stage = "s",
        Name = name,
        Kind = StepKind.Host,
        Command = "fake " + name,
        Inputs = after is null ? [] : [new InputSpec($"out/{after}.txt", InputKind.Path, false, default)],
        Outputs = [new OutputSpec($"out/{name}.txt", false, default)],
        Location = default,
    };

    private static PipelineDefinition Pipeline(TestWorkspace ws, params StepDefinition[] steps) => new()
    {
        Name = "p",
        FilePath = ws.PathOf("pipeline.yaml"),
        WorkspaceRoot = ws.Root,
        Stages = [new StageDefinition("s", [], null, steps.Select(s => s.Id).ToArray(), default)],
        Steps = steps,
    };

    private static RunReport Run(PipelineDefinition pipeline, FakeStepRunner runner, RunOptions options, CancellationToken cancellationToken = default)
    {
        var diagnostics = new DiagnosticBag();
        var graph = StepGraphBuilder.Build(pipeline, diagnostics);
        Assert.False(diagnostics.HasErrors);
        return RunAsync().GetAwaiter().GetResult();

        async Task<RunReport> RunAsync()
        {
            var session = new PipelineSession([runner], SessionEnvironment.FromProcess("test"));
            await using var run = await session.PrepareAsync(pipeline, graph, cancellationToken);
            return await session.RunAsync(run, options, new NullRunObserver(), record: false, cancellationToken);
        }
    }
}
