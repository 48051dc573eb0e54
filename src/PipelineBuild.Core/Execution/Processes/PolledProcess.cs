using System.Runtime.InteropServices;
using static PipelineBuild.Core.Execution.Processes.ChildLoopInterop;
using static PipelineBuild.Core.Execution.Processes.PosixSpawnInterop;

namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// A step process started by <see cref="PosixSpawner"/>, or the members of a pipeline <see cref="PipelineSpawner"/>
/// started, whose output and exits <see cref="ChildProcessLoop"/> watches: its descriptors are read, split into lines
/// and closed on the loop's thread only. A pipeline has ended when every member has, with <c>pipefail</c>'s status.
/// </summary>
internal sealed unsafe class PolledProcess : IStepProcess
{
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _outputEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<string, bool> _onLine;
    private readonly LineSplitter _outputLines = new();
    private readonly LineSplitter _errorLines = new();
    private readonly Action<string> _onOutputLine;
    private readonly Action<string> _onErrorLine;
    private const int NotExited = -1;
    private readonly int[] _exitCodes;
    private Exception? _callbackFailure;
    private volatile int _openPipes;
    private int _running;

    private PolledProcess(int[] pids, int standardOutput, int standardError, Action<string, bool> onLine)
    {
        Pids = pids;
        PidFds = new int[pids.Length];
        _exitCodes = new int[pids.Length];
        Array.Fill(_exitCodes, NotExited);
        _running = pids.Length;
        StandardOutput = standardOutput;
        StandardError = standardError;
        _openPipes = standardOutput >= 0 ? 2 : 1;
        _onLine = onLine;
        _onOutputLine = line => Deliver(line, isError: false);
        _onErrorLine = line => Deliver(line, isError: true);
    }

    public IReadOnlyList<int> Ids => Pids;

    public bool LeadsGroup => true;

    public Task<int> Exited => _exited.Task;

    public Task OutputEnded => _outputEnded.Task;

    /// <summary>The process ids, first member to last: one, or more for a pipeline.</summary>
    internal int[] Pids { get; }

    internal long Key { get; set; }

    /// <summary>The read end of the stdout pipe; -1 once closed, or when the last member writes a file.</summary>
    internal int StandardOutput { get; private set; }

    internal int StandardError { get; private set; }

    /// <summary>Each member's pidfd: -1 once it was reaped, or when none could be opened (a thread waits for it then).</summary>
    internal int[] PidFds { get; }

    /// <summary>Whether the loop holds nothing of this child any more.</summary>
    internal bool IsDone => StandardOutput < 0 && StandardError < 0 && Array.TrueForAll(PidFds, fd => fd < 0);

    public static PolledProcess Start(ProcessSpec spec, Action<string, bool> onLine)
    {
        var child = PosixSpawner.Start(spec);
        return Watch([child.Pid], child.StandardOutput, child.StandardError, onLine);
    }

    /// <summary>Starts the pipeline's members; their stderr lines, and the last one's stdout lines, go to <paramref name="onLine"/>.</summary>
    public static PolledProcess Start(PipelineSpec pipeline, Action<string, bool> onLine)
    {
        var members = PipelineSpawner.Start(pipeline);
        return Watch(members.Pids, members.StandardOutput, members.StandardError, onLine);
    }

    private static PolledProcess Watch(int[] pids, int standardOutput, int standardError, Action<string, bool> onLine)
    {
        // Reads may then return EAGAIN after a spurious wake-up instead of stopping the loop for every child.
        if (standardOutput >= 0)
        {
            SetNonBlocking(standardOutput);
        }

        SetNonBlocking(standardError);
        var process = new PolledProcess(pids, standardOutput, standardError, onLine);
        for (var member = 0; member < pids.Length; member++)
        {
            process.PidFds[member] = PidFdOpen(pids[member]);
            if (process.PidFds[member] < 0)
            {
                // No descriptor left, say: the exit is waited for as the fallback does.
                process.WaitOnThread(member);
            }
        }

        try
        {
            ChildProcessLoop.Shared.Add(process);
        }
        catch (IOException)
        {
            // Its pidfds may not be watched: threads reap the members (the loop's reap then finds no child, harmlessly).
            for (var member = 0; member < pids.Length; member++)
            {
                ProcessSignals.SignalGroup(pids[member], ProcessSignals.SigKill);
                if (process.PidFds[member] >= 0)
                {
                    process.WaitOnThread(member);
                }
            }

            throw;
        }

        return process;
    }

    /// <summary>Signals every member's group; false when none is left.</summary>
    public bool SignalGroup(int signal)
    {
        var any = false;
        foreach (var pid in Pids)
        {
            any |= ProcessSignals.SignalGroup(pid, signal);
        }

        return any;
    }

    /// <summary>Lines still unread are dropped (the runner gave up waiting for them); the child is still reaped when it exits.</summary>
    public void Dispose()
    {
        if (_openPipes > 0)
        {
            ChildProcessLoop.Shared.Abandon(this);
        }
    }

    /// <summary>On the loop's thread: a descriptor of this child is ready.</summary>
    internal void OnReady(ChildProcessLoop loop, ChildStream stream, int member, byte[] buffer, char[] chars)
    {
        switch (stream)
        {
            case ChildStream.Output when StandardOutput >= 0:
                if (!ReadSome(StandardOutput, _outputLines, _onOutputLine, buffer, chars))
                {
                    var fd = StandardOutput;
                    StandardOutput = -1;
                    PipeEnded(loop, fd);
                }

                break;
            case ChildStream.Error when StandardError >= 0:
                if (!ReadSome(StandardError, _errorLines, _onErrorLine, buffer, chars))
                {
                    var fd = StandardError;
                    StandardError = -1;
                    PipeEnded(loop, fd);
                }

                break;
            case ChildStream.Exit when member < PidFds.Length && PidFds[member] >= 0:
                TryReap(loop, member);
                break;
        }
    }

    /// <summary>On the loop's thread: closes the pipes still open, without waiting for their end.</summary>
    internal void ClosePipes(ChildProcessLoop loop)
    {
        if (StandardOutput >= 0)
        {
            var fd = StandardOutput;
            StandardOutput = -1;
            PipeEnded(loop, fd);
        }

        if (StandardError >= 0)
        {
            var fd = StandardError;
            StandardError = -1;
            PipeEnded(loop, fd);
        }
    }

    /// <summary>False at end-of-file (or a read error, which ends the stream the same way), after the last line was delivered.</summary>
    private static bool ReadSome(int fd, LineSplitter lines, Action<string> onLine, byte[] buffer, char[] chars)
    {
        nint read;
        fixed (byte* bytes = buffer)
        {
            read = Read(fd, bytes, buffer.Length);
        }

        if (read > 0)
        {
            lines.Add(buffer.AsSpan(0, (int)read), chars, onLine);
            return true;
        }

        if (read < 0 && Marshal.GetLastPInvokeError() is TryAgain or Interrupted)
        {
            return true;
        }

        lines.End(chars, onLine);
        return false;
    }

    private void PipeEnded(ChildProcessLoop loop, int fd)
    {
        loop.Forget(this, fd);
        if (Interlocked.Decrement(ref _openPipes) == 0)
        {
            if (_callbackFailure is { } failure)
            {
                _outputEnded.TrySetException(failure);
            }
            else
            {
                _outputEnded.TrySetResult();
            }
        }
    }

    private void TryReap(ChildProcessLoop loop, int member)
    {
        var pid = Pids[member];
        int status;
        int result;
        do
        {
            result = WaitPid(pid, &status, NoHang);
        }
        while (result < 0 && Marshal.GetLastPInvokeError() == Interrupted);

        if (result == 0)
        {
            return;
        }

        // ECHILD: someone else reaped it (a parent that ignores SIGCHLD makes the runtime reap every child).
        var exitCode = result == pid ? PosixSpawner.ExitCode(status) : 255;
        var fd = PidFds[member];
        PidFds[member] = -1;
        loop.Forget(this, fd);
        MemberExited(member, exitCode);
    }

    /// <summary>The last member to end completes <see cref="Exited"/>: pipefail's status, the rightmost member's that is not 0.</summary>
    private void MemberExited(int member, int exitCode)
    {
        // Both the loop and a thread may reap a member whose pidfd could not be watched: it counts once.
        if (Interlocked.CompareExchange(ref _exitCodes[member], exitCode, NotExited) == NotExited && Interlocked.Decrement(ref _running) == 0)
        {
            _exited.TrySetResult(Array.FindLast(_exitCodes, code => code != 0));
        }
    }

    private void WaitOnThread(int member) =>
        Task.Factory.StartNew(
            () =>
            {
                try
                {
                    MemberExited(member, PosixSpawner.WaitForExit(Pids[member]));
                }
                catch (IOException e)
                {
                    _exited.TrySetException(e);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    private void Deliver(string line, bool isError)
    {
        if (_callbackFailure is not null)
        {
            return;
        }

        try
        {
            _onLine(line, isError);
        }
#pragma warning disable CA1031 // The loop serves every step: a throwing callback fails its own step's output, not the loop.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _callbackFailure = e;
        }
    }
}
