using System.Runtime.InteropServices;
using static PipelineBuild.Core.Execution.Processes.ChildLoopInterop;
using static PipelineBuild.Core.Execution.Processes.PosixSpawnInterop;

namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// A step process started by <see cref="PosixSpawner"/> whose output and exit <see cref="ChildProcessLoop"/> watches:
/// its descriptors are read, split into lines and closed on the loop's thread only.
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
    private Exception? _callbackFailure;
    private volatile int _openPipes = 2;

    private PolledProcess(SpawnedChild child, int pidFd, Action<string, bool> onLine)
    {
        Pid = child.Pid;
        StandardOutput = child.StandardOutput;
        StandardError = child.StandardError;
        PidFd = pidFd;
        _onLine = onLine;
        _onOutputLine = line => Deliver(line, isError: false);
        _onErrorLine = line => Deliver(line, isError: true);
    }

    public int Id => Pid;

    public bool LeadsGroup => true;

    public Task<int> Exited => _exited.Task;

    public Task OutputEnded => _outputEnded.Task;

    internal int Pid { get; }

    internal long Key { get; set; }

    /// <summary>The read end of the stdout pipe; -1 once closed.</summary>
    internal int StandardOutput { get; private set; }

    internal int StandardError { get; private set; }

    /// <summary>-1 once the child was reaped, or when no pidfd could be opened (a thread waits for it then).</summary>
    internal int PidFd { get; private set; }

    /// <summary>Whether the loop holds nothing of this child any more.</summary>
    internal bool IsDone => StandardOutput < 0 && StandardError < 0 && PidFd < 0;

    public static PolledProcess Start(ProcessSpec spec, Action<string, bool> onLine)
    {
        var child = PosixSpawner.Start(spec);

        // Reads may then return EAGAIN after a spurious wake-up instead of stopping the loop for every child.
        SetNonBlocking(child.StandardOutput);
        SetNonBlocking(child.StandardError);
        var process = new PolledProcess(child, PidFdOpen(child.Pid), onLine);
        if (process.PidFd < 0)
        {
            // No descriptor left, say: the exit is waited for as the fallback does.
            process.WaitOnThread();
        }

        try
        {
            ChildProcessLoop.Shared.Add(process);
        }
        catch (IOException)
        {
            // Its pidfd may not be watched: a thread reaps it (the loop's reap then finds no child, harmlessly).
            ProcessSignals.SignalGroup(child.Pid, ProcessSignals.SigKill);
            process.WaitOnThread();
            throw;
        }

        return process;
    }

    public bool SignalGroup(int signal) => ProcessSignals.SignalGroup(Pid, signal);

    /// <summary>Lines still unread are dropped (the runner gave up waiting for them); the child is still reaped when it exits.</summary>
    public void Dispose()
    {
        if (_openPipes > 0)
        {
            ChildProcessLoop.Shared.Abandon(this);
        }
    }

    /// <summary>On the loop's thread: a descriptor of this child is ready.</summary>
    internal void OnReady(ChildProcessLoop loop, ChildStream stream, byte[] buffer, char[] chars)
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
            case ChildStream.Exit when PidFd >= 0:
                TryReap(loop);
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

    private void TryReap(ChildProcessLoop loop)
    {
        int status;
        int result;
        do
        {
            result = WaitPid(Pid, &status, NoHang);
        }
        while (result < 0 && Marshal.GetLastPInvokeError() == Interrupted);

        if (result == 0)
        {
            return;
        }

        // ECHILD: someone else reaped it (a parent that ignores SIGCHLD makes the runtime reap every child).
        var exitCode = result == Pid ? PosixSpawner.ExitCode(status) : 255;
        var fd = PidFd;
        PidFd = -1;
        loop.Forget(this, fd);
        _exited.TrySetResult(exitCode);
    }

    private void WaitOnThread() =>
        Task.Factory.StartNew(
            () =>
            {
                try
                {
                    _exited.TrySetResult(PosixSpawner.WaitForExit(Pid));
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
