namespace PipelineBuild.EndToEnd.Tests;

public sealed class FailureTests
{
    private const string FailingPipeline = """
        pipeline: demo
        stages:
          a:
            steps:
              broken:
                run: echo "disk on fire" >&2; exit 3
                outputs: [out/broken.txt]
              fine:
                run: sleep 0.3; echo ok > out/fine.txt
                outputs: [out/fine.txt]
          b:
            steps:
              after-broken:
                run: cat out/broken.txt > out/after.txt
                inputs: [out/broken.txt]
                outputs: [out/after.txt]
              after-fine:
                run: cat out/fine.txt > out/after-fine.txt
                inputs: [out/fine.txt]
                outputs: [out/after-fine.txt]
        """;

    [Fact]
    public void Should_exit_1_and_show_the_stderr_tail_when_a_step_fails()
    {
        using var scenario = new Scenario(FailingPipeline);

        var (result, report) = scenario.Run("--jobs", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("failed", report.State("a.broken"));
        Assert.Equal("skipped", report.State("b.after-broken"));
        Assert.Contains("disk on fire", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("exit code 3", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("failed", report.Status);
    }

    [Fact]
    public void Should_stop_starting_steps_after_a_failure_by_default()
    {
        using var scenario = new Scenario(FailingPipeline);

        var (_, report) = scenario.Run("--jobs", "1");

        Assert.Equal("skipped", report.State("b.after-fine"));
    }

    [Fact]
    public void Should_run_everything_not_downstream_of_a_failure_with_keep_going()
    {
        using var scenario = new Scenario(FailingPipeline);

        var (result, report) = scenario.Run("--jobs", "1", "--keep-going");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("ran", report.State("a.fine"));
        Assert.Equal("ran", report.State("b.after-fine"));
        Assert.Equal("skipped", report.State("b.after-broken"));
        Assert.Equal("upstream failed: a.broken", report.Reason("b.after-broken"));
    }

    [Fact]
    public void Should_fail_a_step_that_does_not_create_a_declared_output_naming_it()
    {
        using var scenario = new Scenario("""
            pipeline: demo
            stages:
              s:
                steps:
                  lazy:
                    run: "true"
                    outputs: [model.bin]
            """);

        var (result, report) = scenario.Run();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("failed", report.State("s.lazy"));
        Assert.Contains("model.bin", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("PB4005", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_not_cache_a_failed_step_so_the_next_run_tries_again()
    {
        using var scenario = new Scenario("""
            pipeline: demo
            stages:
              s:
                steps:
                  flaky:
                    run: echo try >> executions.log; echo out > out.txt; test -f ok
                    outputs: [out.txt]
            """);
        scenario.Run();
        scenario.Workspace.Write("ok", "");

        var (result, report) = scenario.Run();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ran", report.State("s.flaky"));
        Assert.Equal(2, scenario.Executions());
    }

    [Fact]
    public void Should_retry_a_failing_step_as_many_times_as_asked()
    {
        using var scenario = new Scenario("""
            pipeline: demo
            stages:
              s:
                steps:
                  flaky:
                    run: echo try >> executions.log; test $(wc -l < executions.log) -ge 3 && echo done > out.txt
                    outputs: [out.txt]
                    retries: 2
            """);

        var (result, report) = scenario.Run();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ran", report.State("s.flaky"));
        Assert.Equal(3, scenario.Executions());
    }

    [Fact]
    public void Should_fail_a_step_that_exceeds_its_timeout_and_stop_its_processes()
    {
        using var scenario = new Scenario("""
            pipeline: demo
            stages:
              s:
                steps:
                  slow:
                    run: (sleep 30; echo late > late.txt) & echo $! > child.pid; sleep 30
                    outputs: [out.txt]
                    timeout: 1s
            """);

        var (result, report) = scenario.Run();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("failed", report.State("s.slow"));
        Assert.Contains("timed out", result.Stdout, StringComparison.Ordinal);
        var child = int.Parse(scenario.Workspace.Read("child.pid").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(ProcessProbe.HasExited(child), "the step's background child outlived its timeout");
    }

    [Fact]
    public void Should_stop_every_member_of_a_pipeline_that_exceeds_its_timeout()
    {
        using var scenario = PipelineMembers.Scenario(timeout: "2s");

        var (result, report) = scenario.Run();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("failed", report.State("s.piped"));
        Assert.Contains("timed out", result.Stdout, StringComparison.Ordinal);
        PipelineMembers.AssertNoneLeft(PipelineMembers.WaitForAll(scenario));
    }

    [Fact]
    public void Should_stop_background_processes_a_step_leaves_behind_when_it_ends()
    {
        // Given a step that succeeds but leaves a child running, holding its output pipe
        using var scenario = new Scenario("""
            pipeline: demo
            stages:
              s:
                steps:
                  leaky:
                    run: (sleep 60) & echo $! > child.pid; echo ok > out.txt
                    outputs: [out.txt]
            """);

        // When
        var (result, report) = scenario.Run();

        // Then the step counts as done and its leftover child is gone
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ran", report.State("s.leaky"));
        var child = int.Parse(scenario.Workspace.Read("child.pid").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(ProcessProbe.HasExited(child), "the step's background child outlived the step");
    }

    [Fact]
    public void Should_fail_with_exit_1_naming_the_path_when_the_tool_cannot_write_its_cache()
    {
        // Given a cache folder that cannot be created (a file stands in its place; permissions would not stop root)
        using var scenario = new Scenario("""
            pipeline: demo
            stages:
              s:
                steps:
                  t:
                    run: echo hi > out.txt
                    outputs: [out.txt]
            """);
        scenario.Workspace.Write(".pipeline/cache/cas", "not a folder");

        // When
        var (result, report) = scenario.Run();

        // Then the step fails, the message names the path, and nothing is recorded as done
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("failed", report.State("s.t"));
        Assert.Contains(".pipeline/cache/cas", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("run", StatusOf(scenario, "s.t"));
    }

    private static string StatusOf(Scenario scenario, string stepId)
    {
        var status = scenario.Tool("status", "--json");
        using var document = System.Text.Json.JsonDocument.Parse(status.Stdout);
        return document.RootElement.EnumerateArray().Single(e => e.GetProperty("id").GetString() == stepId).GetProperty("state").GetString()!;
    }
}
