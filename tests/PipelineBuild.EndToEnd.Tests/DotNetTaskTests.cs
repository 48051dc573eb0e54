namespace PipelineBuild.EndToEnd.Tests;

/// <summary>.NET tasks through the real tool: a task project built, loaded and run out of process, and cached.</summary>
public sealed class DotNetTaskTests
{
    private const string CountTask = """
        using PipelineBuild.Sdk;

        public sealed record CountSettings(string Input, string Output, int Scale = 1);

        [TaskName("Count")]
        public sealed class CountTask : PipelineTask<CountSettings>
        {
            public override async Task RunAsync(StepContext context, CountSettings settings, CancellationToken cancellationToken)
            {
                var lines = (await File.ReadAllLinesAsync(context.FullPath(settings.Input), cancellationToken)).Length;
                File.AppendAllText(context.FullPath("task-executions.log"), context.StepId + "\n");
                context.Log.Info($"counted {lines} lines");
                await File.WriteAllTextAsync(context.FullPath(settings.Output), $"{lines * settings.Scale}\n", cancellationToken);
                context.Metrics.Set("lines", lines);
                context.Metrics.Set("scaled", lines * settings.Scale);
            }
        }
        """;

    private const string Pipeline = """
        pipeline: demo
        tasks: tasks/Tasks.csproj
        params:
          scale: 2
        stages:
          prepare:
            steps:
              count:
                task: Count
                with: { input: data/in.txt, output: out/count.txt, scale: "${{ params.scale }}" }
                inputs: [data/in.txt]
                outputs: [out/count.txt]
                metrics: [metrics/count.json]
              copy:
                run: echo copy >> executions.log && cp data/in.txt out/copy.txt
                inputs: [data/in.txt]
                outputs: [out/copy.txt]
              profile:
                task: data-profile
                with: { input: data/table.csv, output: out/profile.json }
                inputs: [data/table.csv]
                outputs: [out/profile.json]
        """;

    [Fact]
    public void Should_build_the_task_project_once_run_its_task_with_bound_settings_and_record_its_metrics()
    {
        // Given a pipeline with a task from its task project, a built-in task and a host step
        using var scenario = NewScenario();

        // When it runs twice
        var (first, report) = scenario.Run();
        var (second, again) = scenario.Run();

        // Then the task ran with its settings bound from 'with' and a param, and its metrics went to the metrics file
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("tasks: building tasks/Tasks.csproj", first.Stderr, StringComparison.Ordinal);
        Assert.Equal("ran", report.State("prepare.count"));
        Assert.Equal("6", scenario.Workspace.Read("out/count.txt").Trim());
        var metrics = scenario.Workspace.Read("metrics/count.json");
        Assert.Contains("\"lines\": 3", metrics, StringComparison.Ordinal);
        Assert.Contains("\"scaled\": 6", metrics, StringComparison.Ordinal);
        Assert.Contains("\"rows\": 2", scenario.Workspace.Read("out/profile.json"), StringComparison.Ordinal);

        // And the second run neither rebuilt nor ran anything
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain("building", second.Stderr, StringComparison.Ordinal);
        Assert.All(again.Steps.Values, s => Assert.Equal("up-to-date", s.State));
        Assert.Equal(2, Executions(scenario));
    }

    [Fact]
    public void Should_rerun_only_the_steps_of_the_task_project_when_its_code_changes()
    {
        // Given a pipeline that ran
        using var scenario = NewScenario();
        Assert.Equal(0, scenario.Run().Result.ExitCode);

        // When the task's code is edited
        scenario.Workspace.Write("tasks/Count.cs", CountTask.Replace("counted {lines} lines", "{lines} lines counted", StringComparison.Ordinal));
        var status = scenario.Tool("status");
        var (result, report) = scenario.Run();

        // Then status says the project is built first, and the run reran its task step only, saying why
        Assert.Contains("task project tasks/Tasks.csproj is built first", status.Stdout, StringComparison.Ordinal);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("ran", report.State("prepare.count"));
        Assert.Equal("task code changed", report.Reason("prepare.count"));
        Assert.Equal("up-to-date", report.State("prepare.copy"));
        Assert.Equal("up-to-date", report.State("prepare.profile"));
        Assert.Equal(3, Executions(scenario));
    }

    [Fact]
    public void Should_fail_with_the_compiler_errors_located_when_the_task_project_does_not_build()
    {
        // Given task code that does not compile
        using var scenario = NewScenario();
        scenario.Workspace.Write("tasks/Count.cs", CountTask.Replace("var lines = ", "var lines = ;", StringComparison.Ordinal));

        // When
        var (result, _) = RunWithoutReport(scenario);

        // Then exit 1, the error in the canonical form with the file and line of the mistake, and nothing ran
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("tasks/Tasks.csproj: error PB6002: the task project does not build", result.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"tasks/Count\.cs\(10,\d+\): error CS\d+", result.Stderr);
        Assert.Equal(0, Executions(scenario));
    }

    [Fact]
    public void Should_fail_the_step_with_the_message_on_the_console_and_the_stack_trace_in_the_log_when_a_task_throws()
    {
        // Given a task that throws, and another whose 'with' has a key its settings do not know
        using var scenario = new Scenario("""
            pipeline: demo
            tasks: tasks/Tasks.csproj
            stages:
              s:
                steps:
                  boom:
                    task: Boom
                    outputs: [out/boom.txt]
                  typo:
                    task: Count
                    with: { input: data/in.txt, output: out/count.txt, scael: 3 }
                    outputs: [out/count.txt]
            """);
        scenario.Workspace.Write("data/in.txt", "a\n");
        TaskProjectScenario.WriteProject(scenario.Workspace, "tasks", ("Count.cs", CountTask), ("Boom.cs", """
            using PipelineBuild.Sdk;

            public sealed class BoomTask : PipelineTask
            {
                public override Task RunAsync(StepContext context, CancellationToken cancellationToken) => Explode();

                private static Task Explode() => throw new InvalidOperationException("the model exploded");
            }
            """));

        // When
        var (result, report) = scenario.Run("--keep-going");

        // Then both steps failed with their messages on the console; the stack trace is in the log only
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("failed", report.State("s.boom"));
        Assert.Contains("task 'Boom' threw InvalidOperationException: the model exploded", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("at BoomTask.Explode", result.Stdout, StringComparison.Ordinal);
        var log = File.ReadAllText(Directory.EnumerateFiles(Path.Combine(scenario.Root, ".pipeline/logs"), "s.boom.log", SearchOption.AllDirectories).Single());
        Assert.Contains("at BoomTask.Explode()", log, StringComparison.Ordinal);
        Assert.Equal("failed", report.State("s.typo"));
        Assert.Contains("with: unknown key 'scael'; CountSettings has: input, output, scale", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_an_unknown_task_before_running_anything_and_list_the_known_ones()
    {
        // Given a misspelt built-in task (no task project, so nothing is built)
        using var scenario = new Scenario("""
            pipeline: demo
            stages:
              s:
                steps:
                  first:
                    run: echo ran >> executions.log
                  profile:
                    task: data-profil
                    with: { input: t.csv, output: p.json }
            """);

        // When
        var result = scenario.Tool("run");

        // Then exit 2, located, with the nearest name and the known tasks; nothing ran
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pipeline.yaml(7,7): error PB6001: unknown task 'data-profil' in step 's.profile'; did you mean 'data-profile'?", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("built in: data-profile, dotnet-build, dotnet-pack, dotnet-test, download", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Executions(scenario));
    }

    [Fact]
    public void Should_check_task_names_and_the_task_project_path_in_validate_without_building()
    {
        // Given a misspelt built-in task, then a task project path that does not exist
        using var misspelt = new Scenario("""
            pipeline: demo
            stages:
              s:
                steps:
                  get:
                    task: downlod
                    with: { url: "file:///x", output: x }
            """);
        using var missing = new Scenario("""
            pipeline: demo
            tasks: tasks/Nope.csproj
            stages:
              s:
                steps:
                  t:
                    task: Train
            """);

        // When
        var first = misspelt.Tool("validate");
        var second = missing.Tool("validate");

        // Then both are invalid (exit 2) with their codes, and nothing was built
        Assert.Equal(2, first.ExitCode);
        Assert.Contains("error PB6001: unknown task 'downlod' in step 's.get'; did you mean 'download'?", first.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, second.ExitCode);
        Assert.Contains("error PB6003: the task project 'tasks/Nope.csproj' named by 'tasks:' does not exist", second.Stderr, StringComparison.Ordinal);
        Assert.False(missing.Workspace.Exists(".pipeline/tasks"));
    }

    private static Scenario NewScenario()
    {
        var scenario = new Scenario(Pipeline);
        scenario.Workspace.Write("data/in.txt", "a\nb\nc\n");
        scenario.Workspace.Write("data/table.csv", "x,y\n1,a\n2,b\n");
        TaskProjectScenario.WriteProject(scenario.Workspace, "tasks", ("Count.cs", CountTask));
        return scenario;
    }

    private static (ToolResult Result, string? Report) RunWithoutReport(Scenario scenario) => (scenario.Tool("run"), null);

    /// <summary>
    /// Executions of both kinds of step. The task logs to a file of its own: .NET's append is a write
    /// at the end offset seen when the file was opened (not O_APPEND), so a task appending to the file
    /// a shell step appends to at the same moment could overwrite that step's line.
    /// </summary>
    private static int Executions(Scenario scenario) => scenario.Executions() + scenario.Executions("task-executions.log");
}
