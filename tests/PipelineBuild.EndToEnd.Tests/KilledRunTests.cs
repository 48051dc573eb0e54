using System.Diagnostics;
using System.Globalization;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>A tool killed with SIGKILL leaves no step process writing: its group dies with it, and a later run stops any leftover first.</summary>
public sealed class KilledRunTests
{
    private const string EndlessWriter = """
        pipeline: killed
        stages:
          s:
            steps:
              write:
                run: |
                  echo $$ > pid.txt
                  if [ -f second ]; then echo HALF > out.txt; echo DONE >> out.txt; exit 0; fi
                  sleep 1000 &
                  echo $! > child.txt
                  echo HALF > out.txt
                  while true; do echo REST >> out.txt; sleep 0.05; done
                outputs: [out.txt]
        """;

    [Fact]
    public void Should_stop_the_steps_whole_process_group_when_the_tool_is_killed()
    {
        // Given a run whose step (and a child of it) is writing
        using var scenario = new Scenario(EndlessWriter);
        using var tool = PipelineTool.Start(scenario.Root, null, "run");
        var (shell, child) = WaitForStep(scenario);

        // When the tool is killed with SIGKILL
        tool.Kill();
        tool.WaitForExit();

        // Then the step's shell and its child are gone too
        Assert.True(ProcessProbe.HasExited(shell), "the step's shell outlived the tool");
        Assert.True(ProcessProbe.HasExited(child), "the step's child outlived the tool");
    }

    [Fact]
    public void Should_stop_a_leftover_writer_of_a_killed_run_before_the_next_run_touches_the_output()
    {
        // Given a killed run whose step survived it (the process that watches for the tool's death was killed first)
        using var scenario = new Scenario(EndlessWriter);
        using var tool = PipelineTool.Start(scenario.Root, null, "run");
        var (shell, _) = WaitForStep(scenario);
        KillWatcherOf(tool.Id);
        tool.Kill();
        tool.WaitForExit();
        Assert.False(ProcessProbe.HasExited(shell), "the test needs a surviving writer");
        scenario.Workspace.Write("second", "");

        // When a run starts at once
        var (result, report) = scenario.Run("--no-wait");

        // Then the leftover writer was stopped first, and the output is the new run's alone
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(ProcessProbe.HasExited(shell), "the leftover writer still runs");
        Assert.Equal("ran", report.State("s.write"));
        Assert.Equal("HALF\nDONE\n", scenario.Workspace.Read("out.txt"));
        Assert.Contains("left running by an earlier run", result.Stdout + result.Stderr, StringComparison.Ordinal);

        // And the killed run's record went with its groups, the new run's when it ended; the quiet step left no log in either run
        var processes = scenario.Workspace.PathOf(".pipeline/processes");
        Assert.Empty(Directory.Exists(processes) ? Directory.GetFiles(processes) : []);
        var logs = scenario.Workspace.PathOf(".pipeline/logs");
        Assert.Empty(Directory.Exists(logs) ? Directory.EnumerateFiles(logs, "s.write.log", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public void Should_stop_every_member_of_a_pipeline_and_their_children_when_the_tool_is_killed()
    {
        // Given a run whose step is a pipeline (which starts without bash, each member in a group of its own)
        using var scenario = PipelineMembers.Scenario();
        using var tool = PipelineTool.Start(scenario.Root, null, "run");
        var pids = WaitForPipeline(scenario);

        // When the tool is killed with SIGKILL
        tool.Kill();
        tool.WaitForExit();

        // Then no member, nor any child of one, is left
        PipelineMembers.AssertNoneLeft(pids);
    }

    [Fact]
    public void Should_stop_the_members_of_a_killed_runs_pipeline_before_the_next_run()
    {
        // Given a killed run whose pipeline survived it (the watcher was killed first), each member recorded
        using var scenario = PipelineMembers.Scenario();
        using var tool = PipelineTool.Start(scenario.Root, null, "run");
        var pids = WaitForPipeline(scenario);
        KillWatcherOf(tool.Id);
        tool.Kill();
        tool.WaitForExit();
        Assert.False(ProcessProbe.HasExited(pids[0]), "the test needs a surviving member");

        scenario.Workspace.Write("second", "");

        // When a run starts at once
        var (result, report) = scenario.Run("--no-wait");

        // Then it stopped the leftovers first, and ran the step itself
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("ran", report.State("s.piped"));
        Assert.Contains("left running by an earlier run", result.Stdout + result.Stderr, StringComparison.Ordinal);

        // Then every member of the killed run's pipeline, and their children, were stopped
        PipelineMembers.AssertNoneLeft(pids);
    }

    /// <summary>
    /// The ids of the members and their children, once the watcher holds each member's group (the record follows it):
    /// each member's own when it started without bash, bash's with the portable launcher.
    /// </summary>
    private static IReadOnlyList<int> WaitForPipeline(Scenario scenario)
    {
        var pids = PipelineMembers.WaitForAll(scenario);
        var clock = Stopwatch.StartNew();
        while (!(IsRecorded(scenario, GroupOf(pids[0])) && IsRecorded(scenario, GroupOf(pids[2]))))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the members' groups were never recorded");
            Thread.Sleep(50);
        }

        return pids;
    }

    private static (int Shell, int Child) WaitForStep(Scenario scenario)
    {
        var clock = Stopwatch.StartNew();
        while (!(scenario.Workspace.Exists("out.txt") && scenario.Workspace.Exists("child.txt") && scenario.Workspace.Read("child.txt").EndsWith('\n')))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the step never started");
            Thread.Sleep(50);
        }

        // The tool records the step's group in the run's process record once its watcher holds it (the step's shell leads the group).
        var shell = Pid(scenario, "pid.txt");
        while (!IsRecorded(scenario, shell))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the step's process group was never recorded");
            Thread.Sleep(50);
        }

        return (shell, Pid(scenario, "child.txt"));
    }

    /// <summary>Whether the run's one record (<c>.pipeline/processes/run-&lt;tool pid&gt;</c>) names the group as started.</summary>
    private static bool IsRecorded(Scenario scenario, int group)
    {
        var folder = scenario.Workspace.PathOf(".pipeline/processes");
        var records = Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
        Assert.True(records.Length <= 1, $"one record per run, found {records.Length}");
        return records.Any(r => File.ReadAllText(r).Split('\n').Any(line => line.StartsWith($"+ {group} ", StringComparison.Ordinal)));
    }

    private static int Pid(Scenario scenario, string file) => int.Parse(scenario.Workspace.Read(file).Trim(), CultureInfo.InvariantCulture);

    /// <summary>SIGKILL to the tool's step watcher (<c>pipelinebuild-watcher</c>, a child of the tool).</summary>
    private static void KillWatcherOf(int tool)
    {
        var killed = 0;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && StatFields(pid) is { } fields && fields[1] == tool.ToString(CultureInfo.InvariantCulture)
                && ReadCommandLine(pid).Contains("pipelinebuild-watcher", StringComparison.Ordinal))
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                    process.WaitForExit();
                    killed++;
                }
                catch (ArgumentException)
                {
                    // It ended on its own meanwhile.
                }
            }
        }

        Assert.Equal(1, killed);
    }

    private static int GroupOf(int pid) => StatFields(pid) is { Length: > 2 } fields ? int.Parse(fields[2], CultureInfo.InvariantCulture) : -1;

    private static string ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static string[]? StatFields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
