namespace PipelineBuild.EndToEnd.Tests;

public sealed class WorkflowVerbTests
{
    private const string Chain = """
        pipeline: chain
        stages:
          s:
            steps:
              a:
                run: echo a >> executions.log && cat in.txt > a.txt
                inputs: [in.txt]
                outputs: [a.txt]
              b:
                run: echo b >> executions.log && cat a.txt > b.txt
                inputs: [a.txt]
                outputs: [b.txt]
              c:
                run: echo c >> executions.log && cat b.txt > c.txt
                inputs: [b.txt]
                outputs: [c.txt]
        """;

    [Fact]
    public void Should_run_the_step_and_its_downstream_but_not_its_upstream_with_downstream()
    {
        // Given a chain a → b → c that ran
        using var scenario = new Scenario(Chain);
        scenario.Workspace.Write("in.txt", "1\n");
        scenario.Run();

        // When b and what depends on it are forced
        var (result, report) = scenario.Run("--downstream", "s.b", "--force");

        // Then b and c ran, a was not even considered
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("ran", report.State("s.b"));
        Assert.Equal("ran", report.State("s.c"));
        Assert.False(report.Steps.ContainsKey("s.a"));
        Assert.Equal(["a", "b", "c", "b", "c"], scenario.Workspace.Read("executions.log").Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Should_exit_1_from_status_with_exit_code_while_something_would_run_and_0_once_up_to_date()
    {
        using var scenario = new Scenario(Chain);
        scenario.Workspace.Write("in.txt", "1\n");

        var before = scenario.Tool("status", "--exit-code");
        scenario.Run();
        var after = scenario.Tool("status", "--exit-code");
        scenario.Workspace.Write("in.txt", "2\n");
        var changed = scenario.Tool("status", "--exit-code");

        Assert.Equal(1, before.ExitCode);
        Assert.Equal(0, after.ExitCode);
        Assert.Equal(1, changed.ExitCode);
        Assert.Equal(0, scenario.Tool("status").ExitCode);
    }

    [Fact]
    public void Should_never_rerun_a_frozen_step_but_restore_its_missing_output()
    {
        // Given a chain that ran, then a frozen first step whose input changed
        using var scenario = new Scenario(Chain);
        scenario.Workspace.Write("in.txt", "1\n");
        scenario.Run();
        scenario.Workspace.Write("pipeline.yaml", Chain.Replace("run: echo a >>", "frozen: true\n        run: echo a >>", StringComparison.Ordinal));
        scenario.Workspace.Write("in.txt", "2\n");

        // When it runs, and again after its output was deleted
        var (first, report) = scenario.Run();
        var status = scenario.Tool("status");
        scenario.Workspace.Delete("a.txt");
        var (second, restored) = scenario.Run();

        // Then the frozen step never ran: kept, then restored from the cache; downstream stayed up to date
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("up-to-date", report.State("s.a"));
        Assert.Equal("up-to-date", report.State("s.b"));
        Assert.Contains("frozen", status.Stdout, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("restored", restored.State("s.a"));
        Assert.Equal("1\n", scenario.Workspace.Read("a.txt"));
        Assert.Equal(3, scenario.Executions());
    }

    [Fact]
    public void Should_refuse_a_frozen_step_that_never_ran()
    {
        using var scenario = new Scenario(Chain.Replace("run: echo a >>", "frozen: true\n        run: echo a >>", StringComparison.Ordinal));
        scenario.Workspace.Write("in.txt", "1\n");

        var (result, report) = scenario.Run();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("failed", report.State("s.a"));
        Assert.Contains("PB2090", report.Error("s.a"), StringComparison.Ordinal);
        Assert.Equal(0, scenario.Executions());
    }

    [Fact]
    public void Should_run_a_run_list_line_by_line_in_one_shell_and_stop_at_the_first_failure()
    {
        // Given a list whose lines share the shell (cd) and one whose second line fails
        using var scenario = new Scenario("""
            pipeline: lists
            stages:
              s:
                steps:
                  good:
                    run:
                      - mkdir -p out
                      - cd out  # a comment after a command
                      - echo hi > x.txt
                    outputs: [out/x.txt]
                  bad:
                    run:
                      - echo one >> executions.log
                      - "false"
                      - echo three >> executions.log
            """);

        // When
        var (result, report) = scenario.Run("--keep-going");

        // Then the first ran every line; the second stopped after its failing line
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("ran", report.State("s.good"));
        Assert.Equal("hi\n", scenario.Workspace.Read("out/x.txt"));
        Assert.Equal("failed", report.State("s.bad"));
        Assert.Equal("one\n", scenario.Workspace.Read("executions.log"));
    }
}
