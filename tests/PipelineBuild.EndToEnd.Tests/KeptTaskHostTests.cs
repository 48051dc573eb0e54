using System.Runtime.InteropServices;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>
/// Task hosts kept across runs (<c>PIPELINEBUILD_TASK_HOSTS=kept</c>): reused by the next run of the same settings,
/// never by another's, never once tainted, gone with a killed tool, and not kept at all in a folder others could reach.
/// Each test has a private <c>XDG_RUNTIME_DIR</c>, so its hosts are its own; it stops them at the end.
/// </summary>
public sealed partial class KeptTaskHostTests : IDisposable
{
    private const string Pipeline = """
        pipeline: kept
        tasks: tasks/Tasks.csproj
        stages:
          s:
            steps:
              a: { task: Probe, with: { name: a, mode: plain }, outputs: [out/a.txt] }
        """;

    private const string ProbeTask = """
        using System.Diagnostics;
        using PipelineBuild.Sdk;

        public sealed record ProbeSettings(string Name, string Mode);

        [TaskName("Probe")]
        public sealed class ProbeTask : PipelineTask<ProbeSettings>
        {
            public override async Task RunAsync(StepContext context, ProbeSettings settings, CancellationToken cancellationToken)
            {
                Console.WriteLine($"console {settings.Name} {Environment.ProcessId}");
                var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add($"echo child {settings.Name}; echo child-err {settings.Name} >&2");
                using (var child = Process.Start(start)!)
                {
                    await child.WaitForExitAsync(cancellationToken);
                }

                await File.WriteAllTextAsync(context.FullPath($"out/{settings.Name}.txt"), $"{Environment.ProcessId}", cancellationToken);
                if (settings.Mode == "chdir")
                {
                    Directory.SetCurrentDirectory("/");
                }
                else if (settings.Mode == "leak")
                {
                    // A handler of this assembly on a static event of the host's: its load context can never go.
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => Console.WriteLine(settings.Name);
                }
                else if (settings.Mode == "sleep")
                {
                    await Task.Delay(TimeSpan.FromMinutes(5), cancellationToken);
                }
                else if (settings.Mode == "orphan")
                {
                    // A grandchild left running: its parent (sh) ends at once, so it is nobody's child but the host's.
                    var orphan = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true };
                    orphan.ArgumentList.Add("-c");
                    orphan.ArgumentList.Add("sleep 300 >/dev/null 2>&1 & echo $!");
                    using var shell = Process.Start(orphan)!;
                    var pid = (await shell.StandardOutput.ReadToEndAsync(cancellationToken)).Trim();
                    await shell.WaitForExitAsync(cancellationToken);
                    await File.WriteAllTextAsync(context.FullPath("orphan.pid"), pid, cancellationToken);
                }
            }
        }
        """;

    private readonly string _runtime;

    public KeptTaskHostTests()
    {
        // Short: the socket's path must fit in 108 bytes.
        _runtime = Path.Combine("/tmp", "pbk-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private Dictionary<string, string> Kept => new() { ["PIPELINEBUILD_TASK_HOSTS"] = "kept:120", ["XDG_RUNTIME_DIR"] = _runtime };

    [Fact]
    public void Should_reuse_the_first_runs_host_in_the_second_run_with_the_tasks_and_its_childrens_output_in_the_second_runs_log()
    {
        // Given a task step that ran once with kept hosts
        using var scenario = NewScenario(Pipeline);
        var first = RunOk(scenario, Kept);
        var host = scenario.Workspace.Read("out/a.txt");

        // When the run is repeated
        var (_, report) = RunOk(scenario, Kept);

        // Then the same host process ran it, still alive after the run
        Assert.Equal(host, scenario.Workspace.Read("out/a.txt"));
        Assert.True(Directory.Exists($"/proc/{host}"), "the kept host is gone after the run");
        Assert.NotEqual(first.Report.RunId, report.RunId);

        // And the second run's log has what the task and its child process wrote, and no end mark
        var log = File.ReadAllLines(Path.Combine(scenario.Root, ".pipeline", "logs", report.RunId, "s.a.log"));
        Assert.Contains(log, l => l.Contains($"console a {host}", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("child a", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("child-err a", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("end-of-task", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_start_another_host_when_an_environment_variable_differs()
    {
        // Given a host kept by a first run
        using var scenario = NewScenario(Pipeline);
        RunOk(scenario, Kept);
        var host = scenario.Workspace.Read("out/a.txt");

        // When a run has one more variable in its environment
        var changed = Kept;
        changed["KEPT_TEST_SETTING"] = "other";
        RunOk(scenario, changed);

        // Then another host ran the step
        var newer = scenario.Workspace.Read("out/a.txt");
        Assert.NotEqual(host, newer);

        // And the idle host of the old environment leaves (runs whose environment changes each time keep one set of hosts)
        Assert.True(WaitUntilGone(host), $"the host {host} of the old environment is still running");
        Assert.True(Directory.Exists($"/proc/{newer}"), "the newer host left too");

        // And takes its socket and its slot's lock file with it: only the newer settings' files are left
        var left = Directory.GetFiles(Path.Combine(_runtime, "pipelinebuild")).Select(Path.GetFileName).ToArray();
        Assert.Single(left.Select(name => name![..name!.IndexOf('.', StringComparison.Ordinal)]).Distinct());
    }

    [Fact]
    public void Should_keep_a_host_whose_tasks_load_contexts_unload_and_replace_one_whose_task_leaves_its_load_context_held()
    {
        // Given a task that unloads cleanly, run three times with kept hosts
        using var scenario = NewScenario(Pipeline);
        var hosts = Enumerable.Range(0, 3).Select(_ =>
        {
            RunOk(scenario, Kept);
            return scenario.Workspace.Read("out/a.txt");
        }).ToArray();

        // Then one host ran them all
        Assert.Single(hosts.Distinct());

        // When the task leaves a handler of its own on a static event of the host's, in runs after that
        scenario.Workspace.Write("pipeline.yaml", Pipeline.Replace("mode: plain", "mode: leak", StringComparison.Ordinal));
        var leaking = Enumerable.Range(0, 3).Select(_ =>
        {
            RunOk(scenario, Kept);
            return scenario.Workspace.Read("out/a.txt");
        }).ToArray();

        // Then the host whose load context stays held leaves, and a later run gets a fresh one
        Assert.True(WaitUntilGone(hosts[0]), $"the host {hosts[0]} holding a task's load context is still running");
        Assert.Contains(leaking, host => host != hosts[0]);
    }

    [Fact]
    public void Should_stop_the_kept_hosts_on_shutdown_and_leave_nothing_in_their_folder()
    {
        // Given a host kept by a run
        using var scenario = NewScenario(Pipeline);
        RunOk(scenario, Kept);
        var host = scenario.Workspace.Read("out/a.txt");

        // When the user asks the tool to shut its hosts down
        var shutdown = PipelineTool.Run(scenario.Root, Kept, "shutdown");

        // Then it says so, the host is gone, and so are its socket and lock file
        Assert.True(shutdown.ExitCode == 0, shutdown.ToString());
        Assert.Contains("stopped 1 task host", shutdown.Stdout, StringComparison.Ordinal);
        Assert.True(WaitUntilGone(host), $"the task host {host} is still running after shutdown");
        Assert.Empty(Directory.GetFiles(Path.Combine(_runtime, "pipelinebuild")));

        // And the next run starts a fresh host
        RunOk(scenario, Kept);
        Assert.NotEqual(host, scenario.Workspace.Read("out/a.txt"));
    }

    [Fact]
    public void Should_leave_a_host_a_running_pipeline_uses_on_shutdown()
    {
        // Given a run whose task sleeps in a kept host
        using var scenario = NewScenario(Pipeline.Replace("mode: plain", "mode: sleep", StringComparison.Ordinal));
        using var run = PipelineTool.Start(scenario.Root, Kept, "run");
        var host = HostOfStartedTask(scenario);

        // When the user asks for a shutdown meanwhile
        var shutdown = PipelineTool.Run(scenario.Root, Kept, "shutdown");

        // Then the host running the task is left to its run, and the output says so
        Assert.True(shutdown.ExitCode == 0, shutdown.ToString());
        Assert.Contains("stopped 0 task hosts", shutdown.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 in use by a running pipeline", shutdown.Stdout, StringComparison.Ordinal);
        Assert.True(Directory.Exists($"/proc/{host}") && !ProcessProbe.IsZombie(int.Parse(host, System.Globalization.CultureInfo.InvariantCulture)), "shutdown stopped a host a run was using");
        Assert.Equal(0, Kill(run.Id, 9));
        run.WaitForExit();
    }

    [Fact]
    public void Should_leave_no_host_behind_with_per_run_hosts()
    {
        // Given per-run task hosts chosen though a safe folder exists
        using var scenario = NewScenario(Pipeline);
        var perRun = Kept;
        perRun["PIPELINEBUILD_TASK_HOSTS"] = "run";

        // When the step runs
        RunOk(scenario, perRun);

        // Then its host ended with the run and nothing was kept
        var host = scenario.Workspace.Read("out/a.txt");
        Assert.True(WaitUntilGone(host), $"the task host {host} outlived the run");
        Assert.Empty(HostsOf(_runtime));
    }

    [Fact]
    public void Should_give_the_next_run_a_fresh_host_after_a_task_changed_the_current_folder()
    {
        // Given a task that leaves the host's current folder elsewhere
        using var scenario = NewScenario(Pipeline.Replace("mode: plain", "mode: chdir", StringComparison.Ordinal));
        RunOk(scenario, Kept);
        var tainted = scenario.Workspace.Read("out/a.txt");

        // When the run is repeated
        RunOk(scenario, Kept);

        // Then another host ran it, and the tainted one is gone
        Assert.NotEqual(tainted, scenario.Workspace.Read("out/a.txt"));
        Assert.True(WaitUntilGone(tainted), $"the tainted host {tainted} is still running");
    }

    [Fact]
    public void Should_end_a_process_a_task_left_running_with_its_host_and_give_the_next_run_a_fresh_host()
    {
        // Given a task that leaves a process running after it returns
        using var scenario = NewScenario(Pipeline.Replace("mode: plain", "mode: orphan", StringComparison.Ordinal));
        RunOk(scenario, Kept);
        var host = scenario.Workspace.Read("out/a.txt");
        var orphan = scenario.Workspace.Read("orphan.pid");

        // Then the host is not kept, and what the task left ends with it, as it would have with a per-run host
        Assert.True(WaitUntilGone(orphan), $"the process {orphan} the task left is still running");
        Assert.True(WaitUntilGone(host), $"the host {host} is still running");

        // And the next run gets a fresh host
        RunOk(scenario, Kept);
        Assert.NotEqual(host, scenario.Workspace.Read("out/a.txt"));
    }

    [Fact]
    public void Should_kill_the_kept_host_running_a_task_when_the_tool_is_killed()
    {
        // Given a run whose task sleeps in a kept host
        using var scenario = NewScenario(Pipeline.Replace("mode: plain", "mode: sleep", StringComparison.Ordinal));
        using var run = PipelineTool.Start(scenario.Root, Kept, "run");
        var host = HostOfStartedTask(scenario);

        // When the tool is killed with SIGKILL
        Assert.Equal(0, Kill(run.Id, 9));
        run.WaitForExit();

        // Then the host running its task is gone within seconds
        Assert.True(WaitUntilGone(host), $"the kept host {host} outlived the killed tool");
    }

    [Fact]
    public void Should_stop_and_not_reuse_a_kept_host_whose_task_timed_out()
    {
        // Given a task that sleeps past its step's timeout in a kept host
        using var scenario = NewScenario(Pipeline.Replace("mode: plain }", "mode: sleep }, timeout: 2s", StringComparison.Ordinal));
        var reportPath = Path.Combine(Path.GetTempPath(), $"pb-report-{Guid.NewGuid():N}.json");

        // When it runs
        var result = PipelineTool.Run(scenario.Root, Kept, "run", "--report", reportPath);
        File.Delete(reportPath);

        // Then the step failed, and the host that ran it is gone
        Assert.NotEqual(0, result.ExitCode);
        var host = scenario.Workspace.Read("out/a.txt");
        Assert.True(WaitUntilGone(host), $"the kept host {host} outlived its cancelled task");

        // And a later run of a plain task gets a fresh host that works
        scenario.Workspace.Write("pipeline.yaml", Pipeline);
        RunOk(scenario, Kept);
        Assert.NotEqual(host, scenario.Workspace.Read("out/a.txt"));
    }

    [Theory]
    [InlineData("mode")]
    [InlineData("link")]
    [InlineData("owner")]
    public void Should_use_per_run_hosts_when_the_socket_folder_is_not_safe(string hostile)
    {
        // Given a socket folder another user could reach or control
        var folder = Path.Combine(_runtime, "pipelinebuild");
        switch (hostile)
        {
            case "mode":
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
                File.SetUnixFileMode(folder, (UnixFileMode)0x1FF);
                break;
            case "link":
                var elsewhere = Path.Combine(_runtime, "elsewhere");
                Directory.CreateDirectory(elsewhere, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                Directory.CreateSymbolicLink(folder, elsewhere);
                break;
            default:
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                Assert.Equal(0, Chown(folder, 65534, 65534));
                break;
        }

        using var scenario = NewScenario(Pipeline);

        // When a run asks for kept hosts
        RunOk(scenario, Kept);

        // Then the step ran correctly in a host that ended with the run, and nothing was put in the folder
        var host = scenario.Workspace.Read("out/a.txt");
        Assert.True(WaitUntilGone(host), $"the task host {host} outlived the run");
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    public void Dispose()
    {
        foreach (var pid in HostsOf(_runtime))
        {
            _ = Kill(pid, 9);
        }

        Directory.Delete(_runtime, recursive: true);
    }

    private static Scenario NewScenario(string pipeline)
    {
        var scenario = new Scenario(pipeline);
        TaskProjectScenario.WriteProject(scenario.Workspace, "tasks", ("Probe.cs", ProbeTask));
        return scenario;
    }

    private static (ToolResult Result, ReportReader Report) RunOk(Scenario scenario, Dictionary<string, string> env)
    {
        var reportPath = Path.Combine(Path.GetTempPath(), $"pb-report-{Guid.NewGuid():N}.json");
        var result = PipelineTool.Run(scenario.Root, env, "run", "--force", "--report", reportPath);
        Assert.True(result.ExitCode == 0, result.ToString());
        var report = ReportReader.Read(reportPath);
        File.Delete(reportPath);
        return (result, report);
    }

    /// <summary>The host a run's task runs in, once the task has written its output (its host's process id).</summary>
    private static string HostOfStartedTask(Scenario scenario)
    {
        var output = Path.Combine(scenario.Root, "out", "a.txt");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(output) || new FileInfo(output).Length == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the task did not start");
            Thread.Sleep(50);
        }

        return File.ReadAllText(output);
    }

    private static bool WaitUntilGone(string pid)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Directory.Exists($"/proc/{pid}") && !ProcessProbe.IsZombie(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture)))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                return false;
            }

            Thread.Sleep(50);
        }

        return true;
    }

    /// <summary>Kept hosts listening under <paramref name="runtime"/> (their command line names it).</summary>
    private static List<int> HostsOf(string runtime) =>
        ProcessProbe.Find((_, commandLine) => commandLine.Contains("--listen\0" + runtime + "/", StringComparison.Ordinal));

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Chown(string path, int owner, int group);
}
