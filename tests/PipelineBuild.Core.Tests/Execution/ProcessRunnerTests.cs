using PipelineBuild.Core.Execution.Processes;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Execution;

/// <summary>Step processes: arguments arrive verbatim, a missing program is reported as not started, stdin reads nothing.</summary>
public sealed class ProcessRunnerTests
{
    [Fact]
    public async Task Should_pass_arguments_with_shell_syntax_verbatim()
    {
        // Given an argument full of shell syntax
        using var workspace = TestWorkspace.Create();
        const string argument = "$(touch pwned); `touch pwned` \"$HOME\" 'x' | tee pwned";
        var lines = new List<string>();

        // When a program is run with it
        var exitCode = await ProcessRunner.RunAsync(
            new ProcessSpec("printf", ["%s\\n", argument], workspace.Root, new Dictionary<string, string>()),
            (line, _) => lines.Add(line),
            CancellationToken.None);

        // Then the program received it as it is, and nothing ran
        Assert.Equal(0, exitCode);
        Assert.Equal([argument], lines);
        Assert.False(workspace.Exists("pwned"));
    }

    [Fact]
    public async Task Should_report_a_program_that_does_not_exist_as_not_started()
    {
        using var workspace = TestWorkspace.Create();

        var error = await Assert.ThrowsAsync<ProgramNotStartedException>(() => ProcessRunner.RunAsync(
            new ProcessSpec("no-such-program-pb", [], workspace.Root, new Dictionary<string, string>()),
            (_, _) => { },
            CancellationToken.None));

        Assert.Contains("cannot start 'no-such-program-pb'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_record_the_running_groups_of_a_run_in_one_file_removed_when_the_run_ends()
    {
        // Given two step processes running at once
        using var workspace = TestWorkspace.Create();
        var records = workspace.PathOf(".pipeline/processes");
        using var stop = new CancellationTokenSource();
        var pids = new List<string>();
        var lines = new Lock();
        var running = Enumerable.Range(0, 2).Select(_ => ProcessRunner.RunAsync(
            new ProcessSpec("sh", ["-c", "echo $$; exec sleep 60"], workspace.Root, new Dictionary<string, string>()) { RecordFolder = records },
            (line, _) => { lock (lines) { pids.Add(line); } },
            stop.Token)).ToArray();
        await WaitUntilAsync(() => { lock (lines) { return pids.Count == 2; } });

        // When they run, end, and the run ends
        var whileRunning = Directory.GetFiles(records);
        var recorded = File.ReadAllText(whileRunning.Single());
        await stop.CancelAsync();
        foreach (var process in running)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => process);
        }

        var afterTheSteps = Directory.GetFiles(records);
        ProcessGroupRecords.EndRun(records);

        // Then one record named both groups while they ran, stayed until the run ended, and is gone after
        Assert.Equal($"run-{Environment.ProcessId}", Path.GetFileName(whileRunning.Single()));
        Assert.All(pids, pid => Assert.Contains($"+ {pid} ", recorded, StringComparison.Ordinal));
        Assert.Equal(whileRunning, afterTheSteps);
        Assert.Empty(Directory.GetFiles(records));
    }

    [Fact]
    public async Task Should_never_write_the_process_record_through_a_symlink_planted_at_its_path()
    {
        // Given the run's record path is a symlink to a file outside the workspace
        using var workspace = TestWorkspace.Create();
        using var outside = TestWorkspace.Create();
        outside.Write("victim.txt", "untouched\n");
        var records = workspace.PathOf(".pipeline/processes");
        Directory.CreateDirectory(records);
        File.CreateSymbolicLink(Path.Combine(records, $"run-{Environment.ProcessId}"), outside.PathOf("victim.txt"));

        // When a step process runs with that record folder (the group is live, so it is recorded), and is stopped
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var running = ProcessRunner.RunAsync(
            new ProcessSpec("sh", ["-c", "echo ran; exec sleep 60"], workspace.Root, new Dictionary<string, string>()) { RecordFolder = records },
            (_, _) => started.TrySetResult(),
            stop.Token);
        await started.Task;
        var whileRunning = File.ReadAllText(outside.PathOf("victim.txt"));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        ProcessGroupRecords.EndRun(records);

        // Then the file the link points at was never written to
        Assert.Equal("untouched\n", whileRunning);
        Assert.Equal("untouched\n", File.ReadAllText(outside.PathOf("victim.txt")));
    }

    [Fact]
    public async Task Should_never_write_the_process_record_into_a_folder_a_symlink_planted_at_the_records_place_points_to()
    {
        // Given the records folder is a symlink to a folder outside the workspace
        using var workspace = TestWorkspace.Create();
        using var outside = TestWorkspace.Create();
        Directory.CreateDirectory(workspace.PathOf(".pipeline"));
        Directory.CreateSymbolicLink(workspace.PathOf(".pipeline/processes"), outside.Root);

        // When a step process runs with that record folder, and is stopped
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var running = ProcessRunner.RunAsync(
            new ProcessSpec("sh", ["-c", "echo ran; exec sleep 60"], workspace.Root, new Dictionary<string, string>()) { RecordFolder = workspace.PathOf(".pipeline/processes") },
            (_, _) => started.TrySetResult(),
            stop.Token);
        await started.Task;
        var whileRunning = Directory.GetFileSystemEntries(outside.Root);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        ProcessGroupRecords.EndRun(workspace.PathOf(".pipeline/processes"));

        // Then nothing was written where the link points
        Assert.Empty(whileRunning);
    }

    [Fact]
    public void Should_neither_read_nor_delete_through_a_symlink_planted_at_the_records_place()
    {
        // Given the records folder is a symlink to a folder outside the workspace that holds a record of a live group
        using var workspace = TestWorkspace.Create();
        using var outside = TestWorkspace.Create();
        using var group = GroupLeader.Start();
        outside.Write("run-4000000", $"+ {group.Id} {ProcessIdentity.StartTime(group.Id)!.Value}\n");
        Directory.CreateDirectory(workspace.PathOf(".pipeline"));
        Directory.CreateSymbolicLink(workspace.PathOf(".pipeline/processes"), outside.Root);
        try
        {
            // When the next run looks for leftovers
            var stopped = ProcessGroupRecords.StopLeftovers(workspace.PathOf(".pipeline/processes"));

            // Then nothing is stopped and the files where the link points are left as they were
            Assert.Equal(0, stopped);
            Assert.False(group.HasExited);
            Assert.True(outside.Exists("run-4000000"));
        }
        finally
        {
            group.Kill();
        }
    }

    [Fact]
    public void Should_not_trust_a_record_that_is_a_symlink_to_a_file_elsewhere()
    {
        // Given a record that is a symlink to a file outside the workspace naming a live group
        using var workspace = TestWorkspace.Create();
        using var outside = TestWorkspace.Create();
        using var group = GroupLeader.Start();
        outside.Write("elsewhere.txt", $"+ {group.Id} {ProcessIdentity.StartTime(group.Id)!.Value}\n");
        Directory.CreateDirectory(workspace.PathOf(".pipeline/processes"));
        File.CreateSymbolicLink(workspace.PathOf(".pipeline/processes/run-4000000"), outside.PathOf("elsewhere.txt"));
        try
        {
            // When the next run looks for leftovers
            var stopped = ProcessGroupRecords.StopLeftovers(workspace.PathOf(".pipeline/processes"));

            // Then the group it names is not stopped, the link is gone and its target untouched
            Assert.Equal(0, stopped);
            Assert.False(group.HasExited);
            Assert.Empty(Directory.GetFileSystemEntries(workspace.PathOf(".pipeline/processes")));
            Assert.True(outside.Exists("elsewhere.txt"));
        }
        finally
        {
            group.Kill();
        }
    }

    [Fact]
    public async Task Should_stop_the_groups_a_killed_runs_record_still_names_and_spare_those_it_saw_end()
    {
        // Given a record left by a killed run: one group still running, one it recorded as ended (alive again under that id)
        using var workspace = TestWorkspace.Create();
        using var leftover = GroupLeader.Start();
        using var ended = GroupLeader.Start();
        var started = ProcessIdentity.StartTime(leftover.Id)!.Value;
        var endedStarted = ProcessIdentity.StartTime(ended.Id)!.Value;
        workspace.Write(".pipeline/processes/run-4000000", $"+ {leftover.Id} {started}\n+ {ended.Id} {endedStarted}\n- {ended.Id}\n+ 12");

        // When the next run looks for leftovers
        var stopped = ProcessGroupRecords.StopLeftovers(workspace.PathOf(".pipeline/processes"));

        // Then the running group is stopped, the ended one is left alone, and the record is gone
        Assert.Equal(1, stopped);
        await leftover.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(ended.HasExited);
        Assert.Empty(Directory.GetFiles(workspace.PathOf(".pipeline/processes")));
        ended.Kill();
    }

    [Fact]
    public void Should_stop_a_group_recorded_in_a_file_of_its_own_by_an_earlier_version()
    {
        // Given a per-group record (the file is the group id, its text the leader's start time)
        using var workspace = TestWorkspace.Create();
        using var leftover = GroupLeader.Start();
        workspace.Write($".pipeline/processes/{leftover.Id}", ProcessIdentity.StartTime(leftover.Id)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // When the next run looks for leftovers
        var stopped = ProcessGroupRecords.StopLeftovers(workspace.PathOf(".pipeline/processes"));

        // Then it is stopped too
        Assert.Equal(1, stopped);
        Assert.True(leftover.WaitForExit(TimeSpan.FromSeconds(30)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "timed out");
            await Task.Delay(20);
        }
    }
}
