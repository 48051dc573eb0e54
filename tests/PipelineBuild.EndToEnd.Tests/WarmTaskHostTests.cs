namespace PipelineBuild.EndToEnd.Tests;

/// <summary>The task steps of one run share a warm task host; isolation holds where a user would look for it.</summary>
public sealed class WarmTaskHostTests
{
    private const string Pipeline = """
        pipeline: warm
        tasks: tasks/Tasks.csproj
        stages:
          s:
            steps:
              a: { task: Probe, with: { name: a }, outputs: [out/a.txt] }
              b: { task: Probe, with: { name: b }, outputs: [out/b.txt] }
              c: { task: Probe, with: { name: c }, outputs: [out/c.txt] }
              d: { task: Probe, with: { name: d }, outputs: [out/d.txt] }
              own:
                task: Probe
                with: { name: own }
                env: { PROBE_SETTING: "only-for-own" }
                outputs: [out/own.txt]
        """;

    private const string ProbeTask = """
        using PipelineBuild.Sdk;

        public sealed record ProbeSettings(string Name);

        [TaskName("Probe")]
        public sealed class ProbeTask : PipelineTask<ProbeSettings>
        {
            private static int _runs;

            public override async Task RunAsync(StepContext context, ProbeSettings settings, CancellationToken cancellationToken)
            {
                var runs = Interlocked.Increment(ref _runs);
                for (var i = 0; i < 200; i++)
                {
                    Console.WriteLine($"out {settings.Name} {i}");
                    Console.Error.WriteLine($"err {settings.Name} {i}");
                }

                var setting = Environment.GetEnvironmentVariable("PROBE_SETTING") ?? "unset";
                await File.WriteAllTextAsync(context.FullPath($"out/{settings.Name}.txt"), $"{Environment.ProcessId} {runs} {setting}", cancellationToken);
            }
        }
        """;

    [Fact]
    public void Should_run_the_task_steps_of_a_run_in_one_warm_host_with_fresh_task_statics_each_steps_output_in_its_own_log_and_no_host_left()
    {
        // Given five task steps, one of which sets an environment variable
        using var scenario = new Scenario(Pipeline);
        TaskProjectScenario.WriteProject(scenario.Workspace, "tasks", ("Probe.cs", ProbeTask));

        // When they run one at a time
        var (result, report) = scenario.Run("--jobs", "1");

        // Then the four plain steps ran in one host process, each task's statics fresh (its own load context)
        Assert.True(result.ExitCode == 0, result.ToString());
        var probes = new[] { "a", "b", "c", "d", "own" }.ToDictionary(n => n, n => scenario.Workspace.Read($"out/{n}.txt").Split(' '));
        var shared = probes["a"][0];
        Assert.All(new[] { "a", "b", "c", "d" }, n => Assert.Equal(shared, probes[n][0]));
        Assert.All(probes.Values, p => Assert.Equal("1", p[1]));

        // And the step with env: had a host of its own: its variable was never in the shared host
        Assert.NotEqual(shared, probes["own"][0]);
        Assert.Equal("only-for-own", probes["own"][2]);
        Assert.All(new[] { "a", "b", "c", "d" }, n => Assert.Equal("unset", probes[n][2]));

        // And every line a task printed is in its own step's log, and only there
        foreach (var name in probes.Keys)
        {
            var log = File.ReadAllLines(Path.Combine(scenario.Root, ".pipeline", "logs", report.RunId, $"s.{name}.log"));
            Assert.Equal(200, log.Count(l => l.Contains($"out {name} ", StringComparison.Ordinal)));
            Assert.Equal(200, log.Count(l => l.Contains($"err {name} ", StringComparison.Ordinal)));
            Assert.DoesNotContain(log, l => (l.Contains("out ", StringComparison.Ordinal) || l.Contains("err ", StringComparison.Ordinal)) && !l.Contains($" {name} ", StringComparison.Ordinal));
            Assert.DoesNotContain(log, l => l.Contains("end-of-task", StringComparison.Ordinal));
        }

        // And the warm host ended with the run
        Assert.False(Directory.Exists($"/proc/{shared}"), $"the warm task host {shared} outlived the run");
    }

    [Fact]
    public void Should_run_many_task_steps_at_once_each_in_a_host_of_its_own_at_a_time_and_leave_no_request_behind()
    {
        // Given twelve task steps and four jobs (steps finishing while others start share the run's request folder)
        var steps = string.Concat(Enumerable.Range(1, 12).Select(i => $"      p{i:00}: {{ task: Probe, with: {{ name: p{i:00} }}, outputs: [out/p{i:00}.txt] }}\n"));
        using var scenario = new Scenario("pipeline: warm\ntasks: tasks/Tasks.csproj\nstages:\n  s:\n    steps:\n" + steps);
        TaskProjectScenario.WriteProject(scenario.Workspace, "tasks", ("Probe.cs", ProbeTask));

        // When they run four at a time
        var (result, report) = scenario.Run("--jobs", "4");

        // Then every step ran, no host ran two tasks at once (each saw its own fresh statics), and no request file is left
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.All(Enumerable.Range(1, 12), i => Assert.Equal("ran", report.State($"s.p{i:00}")));
        Assert.All(Enumerable.Range(1, 12), i => Assert.Equal("1", scenario.Workspace.Read($"out/p{i:00}.txt").Split(' ')[1]));
        Assert.False(scenario.Workspace.Exists($".pipeline/tasks/requests/{report.RunId}"));
    }

    [Fact]
    public void Should_leave_no_task_host_or_process_record_when_every_task_step_is_up_to_date()
    {
        // Given task steps that ran once
        using var scenario = new Scenario(Pipeline);
        TaskProjectScenario.WriteProject(scenario.Workspace, "tasks", ("Probe.cs", ProbeTask));
        var (first, _) = scenario.Run("--jobs", "2");
        Assert.True(first.ExitCode == 0, first.ToString());

        // When the run is repeated (nothing to run: a host started for it would be pure cost)
        var (again, report) = scenario.Run("--jobs", "2");

        // Then nothing ran, no task host is left in the workspace, and no process record either
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.All(new[] { "a", "b", "c", "d", "own" }, n => Assert.Equal("up-to-date", report.State($"s.{n}")));
        Assert.Empty(TaskHostsIn(scenario.Root));
        var records = Path.Combine(scenario.Root, ".pipeline", "processes");
        Assert.True(!Directory.Exists(records) || !Directory.EnumerateFileSystemEntries(records).Any(), "a process record was left behind");
    }

    /// <summary>Task host processes whose working directory is <paramref name="workspace"/>.</summary>
    private static List<int> TaskHostsIn(string workspace) =>
        ProcessProbe.Find((pid, commandLine) =>
            commandLine.Contains("PipelineBuild.TaskHost", StringComparison.Ordinal)
            && string.Equals(ProcessProbe.WorkingDirectoryOf(pid), workspace, StringComparison.Ordinal));
}
