using System.Runtime.InteropServices;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>
/// The change journal kept across runs (<c>PIPELINEBUILD_FS_WATCH=kept</c>): a run stats only what it says changed, and
/// still finds every change: one file of many, a change made while no journal ran, a file a step excluded before.
/// Each test has a private <c>XDG_RUNTIME_DIR</c>, so its journal is its own; it stops it at the end.
/// </summary>
public sealed partial class FsWatchTests : IDisposable
{
    private const string Pipeline = """
        pipeline: watched
        stages:
          s:
            steps:
              count:
                run: cat $(find data -type f | sort) | md5sum > out/count.txt
                inputs: [data/]
                outputs: [out/count.txt]
        """;

    private const string TwoSteps = """
        pipeline: watched
        stages:
          s:
            steps:
              count:
                run: cat $(find data -type f | sort) | md5sum > out/count.txt
                inputs: [data/, '!data/x.skip']
                outputs: [out/count.txt]
              all:
                run: cat $(find data -type f | sort) | md5sum > out/all.txt
                inputs: [data/]
                outputs: [out/all.txt]
        """;

    private readonly string _runtime;

    public FsWatchTests()
    {
        // Short: the socket's path must fit in 108 bytes.
        _runtime = Path.Combine("/tmp", "pbw-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private Dictionary<string, string> Watched => new() { ["PIPELINEBUILD_FS_WATCH"] = "kept:120", ["XDG_RUNTIME_DIR"] = _runtime, ["CI"] = "" };

    public void Dispose()
    {
        foreach (var pid in Journals())
        {
            _ = Kill(pid, 9);
        }

        Directory.Delete(_runtime, recursive: true);
    }

    [Fact]
    public void Should_rerun_for_the_one_file_changed_among_many_and_stay_up_to_date_otherwise()
    {
        // Given a folder input of many files, run twice with the journal (the second run has its token)
        using var scenario = NewScenario();
        RunOk(scenario, Watched);
        var (_, quiet) = RunOk(scenario, Watched);
        Assert.Equal("up-to-date", quiet.State("s.count"));
        Assert.Single(Journals());

        // When one file changes, then nothing
        File.AppendAllText(scenario.Workspace.PathOf("data/d3/f07.txt"), "more");
        var (_, changed) = RunOk(scenario, Watched);
        var (_, again) = RunOk(scenario, Watched);

        // Then the step reran for that file, and then was up to date
        Assert.Equal("ran", changed.State("s.count"));
        Assert.Equal("input changed: data/d3/f07.txt", changed.Reason("s.count"));
        Assert.Equal("up-to-date", again.State("s.count"));
    }

    [Fact]
    public void Should_find_a_change_made_while_no_journal_ran()
    {
        // Given runs with the journal, which is then stopped
        using var scenario = NewScenario();
        RunOk(scenario, Watched);
        RunOk(scenario, Watched);
        foreach (var pid in Journals())
        {
            Assert.Equal(0, Kill(pid, 9));
            WaitUntilGone(pid);
        }

        // When a file changes meanwhile (its size kept), and a run with the journal follows
        File.WriteAllText(scenario.Workspace.PathOf("data/d1/f02.txt"), "X1-02\n");
        var (_, report) = RunOk(scenario, Watched);

        // Then the change is found, by a new journal
        Assert.Equal("ran", report.State("s.count"));
        Assert.Equal("input changed: data/d1/f02.txt", report.Reason("s.count"));
        Assert.Single(Journals());
    }

    [Fact]
    public void Should_stop_the_journal_on_shutdown_and_still_find_a_change_made_after()
    {
        // Given runs with the journal
        using var scenario = NewScenario();
        RunOk(scenario, Watched);
        RunOk(scenario, Watched);
        var journal = Assert.Single(Journals());

        // When the user shuts the kept processes down, and a file changes (its size kept) before the next run
        var shutdown = PipelineTool.Run(scenario.Root, Watched, "shutdown");
        File.WriteAllText(scenario.Workspace.PathOf("data/d2/f05.txt"), "X2-05\n");
        var (_, report) = RunOk(scenario, Watched);

        // Then the journal was stopped and said so, and the change is found by a new one
        Assert.True(shutdown.ExitCode == 0, shutdown.ToString());
        Assert.Contains("stopped 1 change journal", shutdown.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(journal, Journals());
        Assert.Equal("ran", report.State("s.count"));
        Assert.Equal("input changed: data/d2/f05.txt", report.Reason("s.count"));
    }

    [Fact]
    public void Should_find_a_change_to_a_file_the_last_run_excluded()
    {
        // Given two steps over the same folder, one excluding a file, both run with the journal
        using var scenario = NewScenario(TwoSteps);
        scenario.Workspace.Write("data/x.skip", "one\n");
        RunOk(scenario, Watched);

        // When the excluded file changes and only the step that excludes it runs, then only the other
        File.WriteAllText(scenario.Workspace.PathOf("data/x.skip"), "two\n");
        var (_, excluding) = RunOk(scenario, Watched, "--step", "s.count");
        var (_, report) = RunOk(scenario, Watched, "--step", "s.all");

        // Then the first was up to date, and the second reran for the file the first run did not look at
        Assert.Equal("up-to-date", excluding.State("s.count"));
        Assert.Equal("ran", report.State("s.all"));
        Assert.Equal("input changed: data/x.skip", report.Reason("s.all"));
    }

    [Fact]
    public void Should_refuse_a_value_it_does_not_take_with_exit_2_naming_the_variable()
    {
        // Given a bad value
        using var scenario = NewScenario();
        var bad = Watched;
        bad["PIPELINEBUILD_FS_WATCH"] = "always";

        // When
        var result = PipelineTool.Run(scenario.Root, bad, "run");

        // Then
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("PIPELINEBUILD_FS_WATCH", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("PB1080", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_start_no_journal_in_CI()
    {
        // Given CI=true with the variable set
        using var scenario = NewScenario();
        var ci = Watched;
        ci["CI"] = "true";

        // When
        RunOk(scenario, ci);

        // Then no journal was started
        Assert.Empty(Journals());
        Assert.False(File.Exists(Path.Combine(scenario.Root, ".pipeline", "cache", "stat.journal")));
    }

    private static Scenario NewScenario(string pipeline = Pipeline)
    {
        var scenario = new Scenario(pipeline);
        for (var d = 0; d < 4; d++)
        {
            for (var f = 0; f < 10; f++)
            {
                scenario.Workspace.Write($"data/d{d}/f{f:00}.txt", $"d{d}-{f:00}\n");
            }
        }

        Directory.CreateDirectory(scenario.Workspace.PathOf("out"));
        return scenario;
    }

    private static (ToolResult Result, ReportReader Report) RunOk(Scenario scenario, Dictionary<string, string> env, params string[] args)
    {
        var reportPath = Path.Combine(Path.GetTempPath(), $"pb-report-{Guid.NewGuid():N}.json");
        var result = PipelineTool.Run(scenario.Root, env, ["run", "--report", reportPath, .. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var report = ReportReader.Read(reportPath);
        File.Delete(reportPath);
        return (result, report);
    }

    /// <summary>The journal processes serving this test's runtime folder.</summary>
    private List<int> Journals() =>
        ProcessProbe.Find((_, commandLine) => commandLine.Split('\0') is var arguments
            && arguments.Contains("fs-journal") && arguments.Any(a => a.StartsWith(_runtime + "/", StringComparison.Ordinal)));

    private static void WaitUntilGone(int pid)
    {
        for (var i = 0; i < 200 && Directory.Exists($"/proc/{pid}"); i++)
        {
            Thread.Sleep(20);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
