namespace PipelineBuild.EndToEnd.Tests.Monitoring;

public sealed class ServeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public void Should_run_on_a_cron_of_every_second_as_cheap_no_ops_and_stop_cleanly_on_SIGTERM()
    {
        // Given a pipeline scheduled every second
        using var scenario = new Scenario("""
            pipeline: ticking
            schedules:
              - cron: "* * * * * *"
            stages:
              s:
                steps:
                  a:
                    run: echo x >> executions.log; echo done > out.txt
                    outputs: [out.txt]
            """);

        // When serve runs for a few occurrences
        using var serve = new ServeProcess(scenario.Root, null);
        serve.WaitFor(() => Runs(serve, "ticking") >= 4, Deadline, "4 runs (start + 3 cron)");

        // Then the step ran once; every later run was up to date
        Assert.Equal(1, scenario.Executions());
        Assert.True(serve.Metric("pipeline_serve_triggers_total{pipeline=\"ticking\",trigger=\"cron\"}") >= 3);

        // And SIGTERM stops it with exit 0 (no run was cancelled)
        Assert.Equal(0, serve.Terminate(TimeSpan.FromSeconds(30)));
        Assert.Contains("serve: stopped", serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_run_once_per_burst_of_changes_to_watched_files_and_on_an_authorized_POST()
    {
        // Given a pipeline that watches data/**
        using var scenario = new Scenario("""
            pipeline: watching
            schedules:
              - watch: ["data/**"]
            stages:
              s:
                steps:
                  a:
                    run: echo x >> executions.log; cat data/*.csv > out.txt
                    inputs: ["data/*.csv"]
                    outputs: [out.txt]
            """);
        scenario.Workspace.Write("data/a.csv", "1\n");
        using var serve = new ServeProcess(scenario.Root, new Dictionary<string, string> { ["PIPELINEBUILD_SERVE_TOKEN"] = "t0ken" }, "--debounce-ms", "300");
        serve.WaitFor(() => Runs(serve, "watching") == 1, Deadline, "the start run");
        Assert.Equal(1, scenario.Executions());

        // When three files change at once
        scenario.Workspace.Write("data/a.csv", "2\n");
        scenario.Workspace.Write("data/b.csv", "3\n");
        scenario.Workspace.Write("data/c.csv", "4\n");

        // Then one run follows, which reruns the step
        serve.WaitFor(() => Runs(serve, "watching") == 2, Deadline, "a run after the change");
        Assert.Equal(2, scenario.Executions());
        Assert.Equal(1, serve.Metric("pipeline_serve_triggers_total{pipeline=\"watching\",trigger=\"watch\"}"));

        // And POST /runs needs the token; with it, one more (no-op) run
        Assert.Equal(401, serve.Post("/runs", "wrong"));
        Assert.Equal(202, serve.Post("/runs", "t0ken"));
        serve.WaitFor(() => Runs(serve, "watching") == 3, Deadline, "a run after POST /runs");
        Assert.Equal(2, scenario.Executions());
        Assert.Equal(1, serve.Metric("pipeline_serve_triggers_total{pipeline=\"watching\",trigger=\"watch\"}"));
        Assert.Equal(0, serve.Terminate(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Should_cancel_the_run_in_progress_on_SIGTERM_and_exit_143()
    {
        // Given serve in the middle of a long step
        using var scenario = new Scenario("""
            pipeline: long
            stages:
              s:
                steps:
                  long:
                    run: touch started; sleep 60; echo done > out.txt
                    outputs: [out.txt]
            """);
        using var serve = new ServeProcess(scenario.Root, null);
        serve.WaitFor(() => scenario.Workspace.Exists("started"), Deadline, "the step to start");

        // When it gets SIGTERM (--on-stop cancel is the default)
        var exit = serve.Terminate(TimeSpan.FromSeconds(30));

        // Then the run is cancelled and recorded, and serve exits as run does on SIGTERM
        Assert.Equal(143, exit);
        Assert.Contains("cancelled", serve.Output, StringComparison.Ordinal);
        var runs = scenario.Tool("runs", "--json");
        Assert.Contains("\"cancelled\"", runs.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_report_an_invalid_cron_expression_with_its_location()
    {
        using var scenario = new Scenario("""
            pipeline: bad
            schedules:
              - cron: "every day"
            stages:
              s:
                steps:
                  a: { run: echo }
            """);

        var result = scenario.Tool("serve", "--metrics-port", MonitoringServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pipeline.yaml(3,11): error PB9501", result.Stderr, StringComparison.Ordinal);
    }

    private static double Runs(ServeProcess serve, string pipeline) =>
        serve.Metric($"pipeline_runs_total{{pipeline=\"{pipeline}\",status=\"succeeded\"}}");
}
