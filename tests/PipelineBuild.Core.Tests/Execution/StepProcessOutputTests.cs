using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using PipelineBuild.Core.Execution.Processes;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Execution;

/// <summary>
/// Every way a step process starts (the child process loop, the pipe-stream fallback of posix_spawn, and
/// <see cref="System.Diagnostics.Process"/>) delivers the same lines and exit codes through <see cref="ProcessRunner"/>,
/// and stops the same way.
/// </summary>
public sealed class StepProcessOutputTests
{
    public static TheoryData<string> Launchers => OperatingSystem.IsLinux() ? ["loop", "streams", "managed"] : ["managed"];

    [Theory]
    [MemberData(nameof(Launchers))]
    public async Task Should_keep_each_streams_lines_whole_and_in_order_for_many_children_at_once(string launcher)
    {
        // Given 24 children at once, each writing 300 lines to stdout and stderr in turn
        using var workspace = TestWorkspace.Create();
        const int Lines = 300;
        var script = $"i=1; while [ $i -le {Lines} ]; do echo \"out $i\"; echo \"err $i\" >&2; i=$((i+1)); done";

        // When they all run
        var runs = Enumerable.Range(0, 24).Select(async _ =>
        {
            var output = new ConcurrentQueue<(string Line, bool IsError)>();
            var exitCode = await Run(launcher, workspace.Root, ["-c", script], (line, isError) => output.Enqueue((line, isError)));
            return (exitCode, output);
        }).ToList();
        var results = await Task.WhenAll(runs);

        // Then each got every line of each stream, in order
        foreach (var (exitCode, output) in results)
        {
            Assert.Equal(0, exitCode);
            Assert.Equal(Enumerable.Range(1, Lines).Select(i => $"out {i}"), output.Where(l => !l.IsError).Select(l => l.Line));
            Assert.Equal(Enumerable.Range(1, Lines).Select(i => $"err {i}"), output.Where(l => l.IsError).Select(l => l.Line));
        }
    }

    [Theory]
    [MemberData(nameof(Launchers))]
    public async Task Should_deliver_a_line_longer_than_any_read_whole_with_its_characters_intact(string launcher)
    {
        // Given a line of 150,000 two-byte characters (300,000 bytes), then one without a newline
        using var workspace = TestWorkspace.Create();
        var lines = new List<string>();

        // When it is run
        var exitCode = await Run(launcher, workspace.Root, ["-c", "head -c 150000 /dev/zero | tr '\\0' x | sed 's/x/é/g'; echo; printf 'last'"], (line, _) => lines.Add(line));

        // Then the long line arrives as one, and the last line too
        Assert.Equal(0, exitCode);
        Assert.Equal(2, lines.Count);
        Assert.Equal(new string('é', 150_000), lines[0]);
        Assert.Equal("last", lines[1]);
    }

    [Theory]
    [MemberData(nameof(Launchers))]
    public async Task Should_end_lines_at_crlf_and_cr_and_replace_invalid_utf8(string launcher)
    {
        using var workspace = TestWorkspace.Create();
        var lines = new List<string>();

        var exitCode = await Run(launcher, workspace.Root, ["-c", "printf 'a\\r\\nb\\rc\\n\\nx\\377y\\nend'"], (line, _) => lines.Add(line));

        Assert.Equal(0, exitCode);
        Assert.Equal(["a", "b", "c", "", "x\uFFFDy", "end"], lines);
    }

    [Theory]
    [MemberData(nameof(Launchers))]
    public async Task Should_report_a_child_killed_by_a_signal_as_128_plus_its_number_and_reap_it(string launcher)
    {
        using var workspace = TestWorkspace.Create();
        var lines = new List<string>();

        var exitCode = await Run(launcher, workspace.Root, ["-c", "echo $$; kill -9 $$"], (line, _) => lines.Add(line));

        Assert.Equal(137, exitCode);
        var pid = int.Parse(lines.Single(), CultureInfo.InvariantCulture);
        Assert.False(IsZombieOrAlive(pid), "the killed child was not reaped");
    }

    [Theory]
    [MemberData(nameof(Launchers))]
    public async Task Should_stop_a_grandchild_that_holds_the_pipes_after_the_child_exits(string launcher)
    {
        // Given a child that exits while a grandchild in its group keeps stdout open
        using var workspace = TestWorkspace.Create();
        var lines = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();

        // When it is run
        var exitCode = await Run(launcher, workspace.Root, ["-c", "sleep 60 & echo $!; exit 4"], (line, _) => lines.Enqueue(line));

        // Then the run ends with the child, and the grandchild was sent SIGTERM
        Assert.Equal(4, exitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the run waited {clock.Elapsed} for the grandchild");
        var grandchild = int.Parse(lines.Single(), CultureInfo.InvariantCulture);
        Assert.True(WaitUntilGone(grandchild), "the grandchild outlived the step");
    }

    [Theory]
    [MemberData(nameof(Launchers))]
    public async Task Should_give_up_on_pipes_a_grandchild_deaf_to_sigterm_holds_after_the_grace_period(string launcher)
    {
        // Given a grandchild that ignores SIGTERM and keeps stdout open after its parent exited
        using var workspace = TestWorkspace.Create();
        var lines = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        int? group = null;
        try
        {
            // When it is run
            var exitCode = await Run(launcher, workspace.Root, ["-c", "echo $$; trap '' TERM; (sleep 60; echo never) & exit 0"], (line, _) => lines.Enqueue(line));

            // Then the run ends after the grace period, with the lines it had
            group = int.Parse(lines.First(), CultureInfo.InvariantCulture);
            Assert.Equal(0, exitCode);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(30));
            Assert.DoesNotContain("never", lines);
        }
        finally
        {
            if (group is { } leader)
            {
                ProcessSignals.SignalGroup(leader, ProcessSignals.SigKill);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Launchers))]
    public async Task Should_stop_the_whole_group_when_cancelled(string launcher)
    {
        // Given a child waiting on a grandchild
        using var workspace = TestWorkspace.Create();
        using var cancel = new CancellationTokenSource();
        var grandchild = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        // When the run is cancelled once the grandchild runs
        var run = Run(launcher, workspace.Root, ["-c", "sleep 60 & echo $!; wait"], (line, _) => grandchild.TrySetResult(int.Parse(line, CultureInfo.InvariantCulture)), cancel.Token);
        var pid = await grandchild.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        // Then the run ends as cancelled and the grandchild is gone
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(WaitUntilGone(pid), "the grandchild outlived the cancelled step");
    }

    [Theory]
    [MemberData(nameof(Launchers))]
    public async Task Should_wait_for_a_child_that_closed_stdout_early_and_keep_reading_stderr(string launcher)
    {
        using var workspace = TestWorkspace.Create();
        var lines = new ConcurrentQueue<(string Line, bool IsError)>();

        var exitCode = await Run(launcher, workspace.Root, ["-c", "echo first; exec >&-; sleep 1; echo late >&2; exit 3"], (line, isError) => lines.Enqueue((line, isError)));

        Assert.Equal(3, exitCode);
        Assert.Equal([("first", false), ("late", true)], lines);
    }

    [Theory]
    [MemberData(nameof(Launchers))]
    public async Task Should_wait_for_lines_a_grandchild_writes_to_stderr_after_stdout_ended_and_the_child_exited(string launcher)
    {
        // Given a child that closes stdout and exits, leaving a grandchild deaf to SIGTERM that writes to stderr a second later
        using var workspace = TestWorkspace.Create();
        var lines = new ConcurrentQueue<(string Line, bool IsError)>();

        // When it is run
        var exitCode = await Run(launcher, workspace.Root, ["-c", "exec >&-; trap '' TERM; (sleep 1; echo late >&2) & exit 0"], (line, isError) => lines.Enqueue((line, isError)));

        // Then the run waited (within the grace period) for stderr to end, so the late line is in
        Assert.Equal(0, exitCode);
        Assert.Equal([("late", true)], lines);
    }

    [Theory]
    [MemberData(nameof(Launchers))]
    public async Task Should_still_end_the_run_when_the_line_callback_throws(string launcher)
    {
        using var workspace = TestWorkspace.Create();

        var exitCode = await Run(launcher, workspace.Root, ["-c", "seq 1 100000; exit 5"], (_, _) => throw new InvalidOperationException("callback"));

        Assert.Equal(5, exitCode);
    }

    private static Task<int> Run(string launcher, string folder, IReadOnlyList<string> arguments, Action<string, bool> onLine, CancellationToken cancellationToken = default)
    {
        var spec = new ProcessSpec("/bin/sh", arguments, folder, new Dictionary<string, string>());
        Func<ProcessSpec, Action<string, bool>, IStepProcess> start = launcher switch
        {
            "loop" => PolledProcess.Start,
            "streams" => SpawnedProcess.Start,
            _ => ManagedProcess.Start,
        };
        return ProcessRunner.RunAsync(spec, onLine, start, cancellationToken);
    }

    private static bool WaitUntilGone(int pid)
    {
        var clock = Stopwatch.StartNew();
        while (IsZombieOrAlive(pid) && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(20);
        }

        return !IsZombieOrAlive(pid);
    }

    /// <summary>A zombie still counts: a reaped process has no /proc entry. A grandchild is reaped by init, which may take a moment.</summary>
    private static bool IsZombieOrAlive(int pid) => File.Exists($"/proc/{pid}/stat");
}
