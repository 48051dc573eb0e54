using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PipelineBuild.EndToEnd.Tests;

public sealed partial class SignalTests
{
    private const string LongStep = """
        pipeline: demo
        stages:
          s:
            steps:
              long:
                run: (sleep 60) & echo $! > child.pid; echo partial > out.txt; touch started; sleep 60
                outputs: [out.txt]
        """;

    [Theory]
    [InlineData(2, 130)]
    [InlineData(15, 143)]
    public void Should_stop_the_step_process_tree_and_exit_with_the_signal_code(int signal, int expectedExit)
    {
        // Given a run in the middle of a step that has a child of its own
        using var scenario = new Scenario(LongStep);
        using var run = PipelineTool.Start(scenario.Root, null, "run");
        var clock = Stopwatch.StartNew();
        while (!scenario.Workspace.Exists("started"))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the step never started");
            Thread.Sleep(50);
        }

        // When the tool gets the signal
        Assert.Equal(0, Kill(run.Id, signal));
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(15)), "the tool did not stop within 15 s");

        // Then it exits with 128+signal, the step's whole tree is gone, and nothing was cached
        Assert.Equal(expectedExit, run.ExitCode);
        var child = int.Parse(scenario.Workspace.Read("child.pid").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(ProcessProbe.HasExited(child), "the step's child process survived");
        var status = scenario.Tool("status", "--json");
        Assert.Contains("\"run\"", status.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(scenario.Root, ".pipeline/cache/ac")) && Directory.EnumerateFiles(Path.Combine(scenario.Root, ".pipeline/cache/ac"), "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public void Should_stop_every_member_of_a_pipeline_on_ctrl_c()
    {
        // Given a run in the middle of a pipeline step (which starts without bash), each member with a child
        using var scenario = PipelineMembers.Scenario();
        using var run = PipelineTool.Start(scenario.Root, null, "run");
        var pids = PipelineMembers.WaitForAll(scenario);

        // When the tool gets SIGINT
        Assert.Equal(0, Kill(run.Id, 2));
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(15)), "the tool did not stop within 15 s");

        // Then it exits 130 and no member or child is left
        Assert.Equal(130, run.ExitCode);
        PipelineMembers.AssertNoneLeft(pids);
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
