using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Sessions;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Execution;

/// <summary>What a runner makes ready for a run lives in a session of that run, and ends with it however the run ends.</summary>
public sealed class RunnerSessionTests
{
    [Fact]
    public async Task Should_open_a_session_per_run_and_end_it_when_the_run_ends()
    {
        // Given a pipeline of one step and a runner that counts its sessions
        using var ws = TestWorkspace.Create();
        var (pipeline, graph) = OneStep(ws);
        var runner = new CountingRunner();
        var session = new PipelineSession([runner], SessionEnvironment.FromProcess("test"));

        // When it runs twice
        for (var i = 0; i < 2; i++)
        {
            await using var run = await session.PrepareAsync(pipeline, graph, CancellationToken.None);
            var report = await session.RunAsync(run, new RunOptions { Jobs = 1, Force = true }, new NullRunObserver(), record: false, CancellationToken.None);
            Assert.Equal(RunStatus.Succeeded, report.Status);
        }

        // Then each run had a session of its own, both validated, both ended, and each ran the step in its own session
        Assert.Equal(2, runner.Sessions.Count);
        Assert.All(runner.Sessions, s => Assert.Equal((true, true, 1), (s.Validated, s.Ended, s.Runs)));
    }

    [Fact]
    public async Task Should_end_every_session_when_a_runner_finds_the_selection_invalid()
    {
        // Given two runners, the second of which rejects the selection before it runs
        using var ws = TestWorkspace.Create();
        var (pipeline, graph) = OneStep(ws);
        var first = new CountingRunner();
        var second = new CountingRunner { Reject = true };
        var session = new PipelineSession([first, second], SessionEnvironment.FromProcess("test"));

        // When the run is prepared
        var error = await Assert.ThrowsAsync<PipelineValidationException>(() => session.PrepareAsync(pipeline, graph, CancellationToken.None));

        // Then the error says why, and both sessions ended without running anything
        Assert.Contains("rejected by the test runner", error.Message, StringComparison.Ordinal);
        Assert.All(first.Sessions.Concat(second.Sessions), s => Assert.Equal((true, 0), (s.Ended, s.Runs)));
        Assert.Equal(2, first.Sessions.Count + second.Sessions.Count);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 0)]
    public async Task Should_prepare_an_up_to_date_step_only_when_its_runner_prepares_something(bool preparesNothing, int preparedWhenUpToDate)
    {
        // Given a step that ran, on a runner that prepares something (an image, a connection) or nothing (a host command)
        using var ws = TestWorkspace.Create();
        var (pipeline, graph) = OneStep(ws);
        var runner = new CountingRunner { PreparesNothing = preparesNothing };
        var session = new PipelineSession([runner], SessionEnvironment.FromProcess("test"));
        await using (var first = await session.PrepareAsync(pipeline, graph, CancellationToken.None))
        {
            await session.RunAsync(first, new RunOptions { Jobs = 1 }, new NullRunObserver(), record: false, CancellationToken.None);
        }

        // When it runs again, up to date
        await using var second = await session.PrepareAsync(pipeline, graph, CancellationToken.None);
        var report = await session.RunAsync(second, new RunOptions { Jobs = 1 }, new NullRunObserver(), record: false, CancellationToken.None);

        // Then it is up to date either way, and prepared only where the runner's prepare does something
        Assert.Equal(StepState.UpToDate, report.Steps.Single().State);
        Assert.Equal((1, 1), (runner.Sessions[0].Prepared, runner.Sessions[0].Runs));
        Assert.Equal((preparedWhenUpToDate, 0), (runner.Sessions[1].Prepared, runner.Sessions[1].Runs));
    }

    private static (PipelineDefinition Pipeline, StepGraph Graph) OneStep(TestWorkspace ws)
    {
        var step = new StepDefinition
        {
            Id = "s.a",
            Stage = "s",
            Name = "a",
            Kind = StepKind.Host,
            Command = "fake a",
            Outputs = [new OutputSpec("out/a.txt", false, default)],
            Location = default,
        };
        var pipeline = new PipelineDefinition
        {
            Name = "p",
            FilePath = ws.PathOf("pipeline.yaml"),
            WorkspaceRoot = ws.Root,
            Stages = [new StageDefinition("s", [], null, [step.Id], default)],
            Steps = [step],
        };
        var diagnostics = new DiagnosticBag();
        var graph = StepGraphBuilder.Build(pipeline, diagnostics);
        Assert.False(diagnostics.HasErrors);
        return (pipeline, graph);
    }

    private sealed class CountingRunner : IStepRunner
    {
        public List<CountedSession> Sessions { get; } = [];

        public bool Reject { get; init; }

        public bool PreparesNothing { get; init; }

        public bool CanRun(StepDefinition step) => true;

        public IStepRunnerSession Begin(PipelineDefinition pipeline)
        {
            var session = new CountedSession(Reject, PreparesNothing);
            Sessions.Add(session);
            return session;
        }
    }

    private sealed class CountedSession(bool reject, bool preparesNothing) : IStepRunnerSession
    {
        public bool PreparesNothing => preparesNothing;

        public int Prepared { get; private set; }

        public bool Validated { get; private set; }

        public bool Ended { get; private set; }

        public int Runs { get; private set; }

        public Task ValidateAsync(IEnumerable<StepDefinition> steps, CancellationToken cancellationToken)
        {
            Validated = true;
            return reject
                ? throw new PipelineValidationException([PipelineDiagnostic.Error(GraphCodes.Cycle, SourceLocation.Nowhere, "rejected by the test runner")])
                : Task.CompletedTask;
        }

        public Task<PreparedStep> PrepareAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken)
        {
            Prepared++;
            return Task.FromResult(PreparedStep.Nothing);
        }

        public Task<StepExecutionResult> RunAsync(StepExecution execution, CancellationToken cancellationToken)
        {
            Runs++;
            Directory.CreateDirectory(Path.GetDirectoryName(execution.Layout.FullPath("out/a.txt"))!);
            File.WriteAllText(execution.Layout.FullPath("out/a.txt"), "a");
            return Task.FromResult(new StepExecutionResult(0));
        }

        public ValueTask DisposeAsync()
        {
            Ended = true;
            return ValueTask.CompletedTask;
        }
    }
}
