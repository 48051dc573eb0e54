using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Recording;
using PipelineBuild.Core.Sessions;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Planning;

public sealed class ExecutionPlanTests
{
    [Fact]
    public async Task Should_plan_a_new_step_to_run_and_the_step_below_it_as_pending_on_it()
    {
        // Given a chain a -> b that never ran
        using var ws = TestWorkspace.Create();
        var (pipeline, graph) = Pipeline(ws, Step("a"), Step("b", "a"));

        // When it is planned
        var plan = await Session(new FakeStepRunner()).PlanAsync(pipeline, graph, force: false, new NullRunObserver(), CancellationToken.None);

        // Then a runs because it is new, and b waits for a: a typed reason each, text only when asked
        Assert.Equal(new StepDecision.Run(new StepReason(ReasonKind.New)), plan.Find("s.a")!.Decision);
        var pending = Assert.IsType<StepDecision.Pending>(plan.Find("s.b")!.Decision);
        Assert.Equal(new StepReason(ReasonKind.Upstream, "s.a"), pending.Reason);
        Assert.Equal(ReasonSubject.Step, pending.Reason.SubjectKind);
        Assert.Equal("upstream: s.a", ReasonText.Format(pending.Reason));
        Assert.Equal(2, plan.ChangedCount);
    }

    [Fact]
    public async Task Should_plan_a_restore_with_the_missing_output_as_its_subject()
    {
        // Given a chain that ran, then b's output deleted
        using var ws = TestWorkspace.Create();
        var runner = new FakeStepRunner();
        var (pipeline, graph) = Pipeline(ws, Step("a"), Step("b", "a"));
        await RunAsync(runner, pipeline, graph, new RunOptions { Jobs = 1 });
        File.Delete(ws.PathOf("out/b.txt"));

        // When it is planned
        var plan = await Session(runner).PlanAsync(pipeline, graph, force: false, new NullRunObserver(), CancellationToken.None);

        // Then a is up to date and b comes back from the cache, because of that file
        Assert.True(plan.Find("s.a")!.IsUpToDate);
        var restore = Assert.IsType<StepDecision.Restore>(plan.Find("s.b")!.Decision);
        Assert.Equal(new StepReason(ReasonKind.OutputMissing, "out/b.txt"), restore.Reason);
        Assert.Equal(ReasonSubject.File, restore.Reason.SubjectKind);
        Assert.Equal("output-missing", restore.Reason.Code);
    }

    [Fact]
    public async Task Should_plan_a_step_that_cannot_be_decided_as_input_unavailable_not_as_an_input_change()
    {
        // Given a frozen step that never ran (its lock entry is what it is decided from)
        using var ws = TestWorkspace.Create();
        var (pipeline, graph) = Pipeline(ws, Step("a") with { Frozen = true });

        // When it is planned
        var plan = await Session(new FakeStepRunner()).PlanAsync(pipeline, graph, force: false, new NullRunObserver(), CancellationToken.None);

        // Then the plan says it cannot be decided, and why
        var pending = Assert.IsType<StepDecision.Pending>(plan.Find("s.a")!.Decision);
        Assert.Equal(ReasonKind.InputUnavailable, pending.Reason.Kind);
        Assert.Contains("frozen but never ran", pending.Reason.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_decide_a_pending_step_once_its_upstream_reran_and_keep_it_up_to_date_on_the_same_bytes()
    {
        // Given a chain a -> b -> c that ran; a reruns (forced) and writes the same bytes again
        using var ws = TestWorkspace.Create();
        var runner = new FakeStepRunner();
        var (pipeline, graph) = Pipeline(ws, Step("a"), Step("b", "a"), Step("c", "b"));
        await RunAsync(runner, pipeline, graph, new RunOptions { Jobs = 1 });
        var forceA = new RunOptions { Jobs = 1, ForceSteps = new HashSet<string>(["s.a"], StringComparer.Ordinal) };

        // When the plan is made and then run
        var report = await RunAsync(runner, pipeline, graph, forceA);

        // Then b, pending on a in the plan, is decided after a and stays up to date (early cut-off)
        Assert.Equal(new StepReason(ReasonKind.Forced), report.Steps.Single(s => s.Id == "s.a").Reason);
        Assert.Equal(StepState.Ran, report.Steps.Single(s => s.Id == "s.a").State);
        Assert.All(report.Steps.Where(s => s.Id != "s.a"), s => Assert.Equal((StepState.UpToDate, StepReason.UpToDate), (s.State, s.Reason)));
        Assert.Equal(["s.a", "s.b", "s.c", "s.a"], runner.Started);
    }

    [Fact]
    public void Should_give_every_reason_a_distinct_stable_code_that_reads_back()
    {
        var codes = Enum.GetValues<ReasonKind>().Select(ReasonNames.CodeOf).ToList();

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(Enum.GetValues<ReasonKind>(), k => Assert.Equal(k, ReasonNames.KindOf(ReasonNames.CodeOf(k))));
        Assert.Null(ReasonNames.KindOf("not-a-reason"));

        // Pinned: these are written to reports and runs.db, and read by other tools.
        Assert.Equal("input-changed", ReasonNames.CodeOf(ReasonKind.InputChanged));
        Assert.Equal("upstream-failed", ReasonNames.CodeOf(ReasonKind.UpstreamFailed));
        Assert.Equal("up-to-date", ReasonNames.CodeOf(ReasonKind.UpToDate));
    }

    [Fact]
    public void Should_write_the_same_words_as_before_for_reasons_with_and_without_a_subject()
    {
        Assert.Equal("input changed: data/raw.csv", ReasonText.Format(new StepReason(ReasonKind.InputChanged, "data/raw.csv")));
        Assert.Equal("stopped after failure of s.a", ReasonText.Format(new StepReason(ReasonKind.StoppedAfterFailure, "s.a")));
        Assert.Equal("output missing: out.txt (remote cache)", ReasonText.Format(new StepReason(ReasonKind.OutputMissing, "out.txt") { FromRemoteCache = true }));
        Assert.Equal("forced", ReasonText.Format(new StepReason(ReasonKind.Forced)));
    }

    private static PipelineSession Session(FakeStepRunner runner) => new([runner], SessionEnvironment.FromProcess("test"));

    private static async Task<RunReport> RunAsync(FakeStepRunner runner, PipelineDefinition pipeline, StepGraph graph, RunOptions options)
    {
        var session = Session(runner);
        await using var run = await session.PrepareAsync(pipeline, graph, CancellationToken.None);
        return await session.RunAsync(run, options, new NullRunObserver(), record: false, CancellationToken.None);
    }

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

    private static (PipelineDefinition, StepGraph) Pipeline(TestWorkspace ws, params StepDefinition[] steps)
    {
        Directory.CreateDirectory(ws.PathOf("out"));
        var pipeline = new PipelineDefinition
        {
            Name = "p",
            FilePath = ws.PathOf("pipeline.yaml"),
            WorkspaceRoot = ws.Root,
            Stages = [new StageDefinition("s", [], null, steps.Select(s => s.Id).ToArray(), default)],
            Steps = steps,
        };
        var diagnostics = new DiagnosticBag();
        var graph = StepGraphBuilder.Build(pipeline, diagnostics);
        Assert.False(diagnostics.HasErrors);
        return (pipeline, graph);
    }
}
