using System.Diagnostics;

namespace PipelineBuild.EndToEnd.Tests;

public sealed class ConcurrencyTests
{
    // Each step waits (up to ~5 s) for the other to have started: they can only both succeed when
    // they really run at the same time. That proves parallelism without a timing assertion.
    private const string Rendezvous = """
        pipeline: demo
        stages:
          s:
            steps:
              left:
                run: touch left.started; for i in $(seq 50); do [ -f right.started ] && break; sleep 0.1; done; [ -f right.started ] && echo l > out/left.txt
                outputs: [out/left.txt]
              right:
                run: touch right.started; for i in $(seq 50); do [ -f left.started ] && break; sleep 0.1; done; [ -f left.started ] && echo r > out/right.txt
                outputs: [out/right.txt]
        """;

    [Fact]
    public void Should_run_independent_steps_at_the_same_time_with_two_jobs()
    {
        using var scenario = new Scenario(Rendezvous);

        var (result, report) = scenario.Run("--jobs", "2");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ran", report.State("s.left"));
        Assert.Equal("ran", report.State("s.right"));
    }

    [Fact]
    public void Should_run_one_step_at_a_time_with_one_job()
    {
        using var scenario = new Scenario(Rendezvous);

        var (result, _) = scenario.Run("--jobs", "1");

        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Should_make_a_second_run_fail_with_no_wait_or_wait_for_the_first()
    {
        // Given a run holding the workspace for several seconds (room for two more tool start-ups on a busy machine)
        using var scenario = new Scenario("""
            pipeline: demo
            stages:
              s:
                steps:
                  slow:
                    run: touch started; sleep 6; echo done > out.txt
                    outputs: [out.txt]
            """);
        using var first = PipelineTool.Start(scenario.Root, null, "run");
        WaitFor(() => scenario.Workspace.Exists("started"));

        // When a run starts without --no-wait, and another one with it
        using var waiting = PipelineTool.Start(scenario.Root, null, "run");
        var refused = scenario.Tool("run", "--no-wait");
        var waitedOutput = waiting.StandardOutput.ReadToEndAsync();
        var waitedErrors = await waiting.StandardError.ReadToEndAsync();
        await waitedOutput;
        await waiting.WaitForExitAsync();
        await first.WaitForExitAsync();

        // Then the one with --no-wait is refused clearly; the other waited and found everything up to date
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("another run", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, waiting.ExitCode);
        Assert.Contains("waiting for another run", waitedErrors, StringComparison.Ordinal);
        Assert.Equal("done", scenario.Workspace.Read("out.txt").Trim());
    }

    [Fact]
    public void Should_recover_cleanly_after_the_tool_is_killed_mid_step()
    {
        // Given a run killed with SIGKILL while its step is half way
        using var scenario = new Scenario("""
            pipeline: demo
            stages:
              s:
                steps:
                  write:
                    run: echo partial > out.txt; touch started; if [ ! -f second ]; then sleep 30; fi; echo complete >> out.txt
                    outputs: [out.txt]
            """);
        using var first = PipelineTool.Start(scenario.Root, null, "run");
        WaitFor(() => scenario.Workspace.Exists("started"));
        first.Kill();
        first.WaitForExit();
        scenario.Workspace.Write("second", "");

        // When it runs again
        var (result, report) = scenario.Run("--no-wait");

        // Then the lock was released by the OS, nothing partial was trusted, and the step ran whole
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ran", report.State("s.write"));
        Assert.Equal("partial\ncomplete\n", scenario.Workspace.Read("out.txt"));
    }

    private static void WaitFor(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the first run never started its step");
            Thread.Sleep(50);
        }
    }
}
