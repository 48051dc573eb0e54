using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Recording;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Recording;

public sealed class LiveRunFileTests
{
    private const string RunId = "0123456789abcdef";

    [Fact]
    public void Should_show_the_steps_started_so_far_while_the_run_goes_and_nothing_once_it_is_disposed()
    {
        // Given a run whose first step finished and whose second is running
        using var ws = TestWorkspace.Create();
        var layout = new WorkspaceLayout(ws.Root);
        var events = new CountingObserver();
        var writer = new LiveRunWriter(events, layout, "p");
        writer.RunStarted(RunId, 3);
        writer.StepStarted(Step("a"), new StepDecision.Run(new StepReason(ReasonKind.New)));
        writer.StepFinished(new StepResult("s.a", StepState.Ran, new StepReason(ReasonKind.New), TimeSpan.FromSeconds(1.5), "fp"));
        writer.StepStarted(Step("b"), new StepDecision.Run(new StepReason(ReasonKind.New)));

        // When the file is written (a timer does it at most every MinInterval) and a reader looks
        writer.Flush();
        var run = Assert.Single(LiveRunReader.Running(layout));

        // Then
        Assert.Equal(RunId, run.RunId);
        Assert.Equal("p", run.Pipeline);
        Assert.Equal(3, run.StepCount);
        Assert.Equal(("s.a", "ran", 1.5), (run.Steps[0].Id, run.Steps[0].State, run.Steps[0].Seconds));
        Assert.Equal(("s.b", "running", (double?)null), (run.Steps[1].Id, run.Steps[1].State, run.Steps[1].Seconds));
        Assert.Equal(4, events.Count);

        // And once the run is over (recorded), the file is gone
        writer.Dispose();
        Assert.Empty(LiveRunReader.Running(layout));
        Assert.False(File.Exists(ws.PathOf($".pipeline/logs/{RunId}/live.json")));
    }

    [Fact]
    public void Should_write_nothing_for_a_run_in_which_no_step_starts()
    {
        using var ws = TestWorkspace.Create();
        using (var writer = new LiveRunWriter(new CountingObserver(), new WorkspaceLayout(ws.Root), "p"))
        {
            writer.RunStarted(RunId, 1);
            writer.StepFinished(new StepResult("s.a", StepState.UpToDate, StepReason.UpToDate, TimeSpan.Zero, "fp"));
            writer.Flush();
            Assert.False(Directory.Exists(ws.PathOf(".pipeline/logs")));
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"run\":\"0123456789abcdef\"}")]
    [InlineData("{\"run\":null,\"pipeline\":\"p\",\"pid\":1,\"pidStart\":0,\"startedAt\":\"2026-01-01T00:00:00Z\",\"stepCount\":1,\"steps\":[]}")]
    public void Should_ignore_a_damaged_live_file(string content)
    {
        using var ws = TestWorkspace.Create();
        ws.Write($".pipeline/logs/{RunId}/live.json", content);

        Assert.Empty(LiveRunReader.Running(new WorkspaceLayout(ws.Root)));
    }

    [Fact]
    public void Should_ignore_the_live_file_of_a_run_whose_process_is_gone()
    {
        // Given the file of a run killed with -9: this process's id, another start time
        using var ws = TestWorkspace.Create();
        var started = ProcessIdentity.OfCurrentProcess()!.Value;
        ws.Write(
            $".pipeline/logs/{RunId}/live.json",
            $"{{\"run\":\"{RunId}\",\"pipeline\":\"p\",\"pid\":{Environment.ProcessId},\"pidStart\":{started + 1},\"startedAt\":\"2026-01-01T00:00:00Z\",\"stepCount\":1,\"steps\":[]}}");

        // When / Then
        Assert.Empty(LiveRunReader.Running(new WorkspaceLayout(ws.Root)));
    }

    private static StepDefinition Step(string name) => new()
    {
        Id = "s." + name,
        Stage = "s",
        Name = name,
        Kind = StepKind.Host,
        Command = "true",
        Location = default,
    };

    private sealed class CountingObserver : IRunObserver
    {
        public int Count { get; private set; }

        public void RunStarted(string runId, int stepCount) => Count++;

        public void StepStarted(StepDefinition step, StepDecision decision) => Count++;

        public void StepOutput(StepDefinition step, string line, bool isError) => Count++;

        public void StepFinished(StepResult result) => Count++;

        public void Warning(string message) => Count++;
    }
}
