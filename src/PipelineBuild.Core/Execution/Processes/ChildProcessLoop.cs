using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using PipelineBuild.Core.Workspace;
using static PipelineBuild.Core.Execution.Processes.ChildLoopInterop;
using static PipelineBuild.Core.Execution.Processes.PosixSpawnInterop;

namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// One thread for every <see cref="PolledProcess"/> of the tool, as ninja has: it sleeps in <c>epoll_wait</c> over each
/// child's stdout and stderr pipes and its pidfd, reads what is there, and reaps a child whose pidfd became readable
/// with <c>waitpid(pid, WNOHANG)</c> — never <c>waitpid(-1)</c>, whose owners (<see cref="System.Diagnostics.Process"/>
/// for the watcher, git, docker) reap their own children. Against two pipe streams (each a socket on Linux) and a
/// waiting thread per step, a step costs three descriptors in one epoll set and no object the GC must finalize.
/// </summary>
/// <remarks>
/// Only the loop's thread reads or closes a registered descriptor, so a number is never reused under it; other threads
/// register (<c>epoll_ctl</c> is safe from any thread) and ask for an abandon through a queue and an eventfd.
/// </remarks>
internal sealed unsafe class ChildProcessLoop
{
    private const int BufferSize = 64 * 1024;
    private const int MaxEvents = 64;
    private const ulong WakeToken = ulong.MaxValue;
    private static readonly Lazy<bool> Supported = new(Probe);
    private static readonly Lazy<ChildProcessLoop> Instance = new(() => new ChildProcessLoop());
    private readonly int _epoll;
    private readonly int _wake;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, PolledProcess> _children = [];
    private readonly ConcurrentQueue<PolledProcess> _abandoned = new();
    private long _lastKey;

    private ChildProcessLoop()
    {
        _epoll = EpollCreate(CloseOnExec);
        _wake = EventFd(0, CloseOnExec | LinuxDescriptors.NonBlocking);
        if (_epoll < 0 || _wake < 0 || ChildLoopInterop.Watch(_epoll, _wake, WakeToken) != 0)
        {
            throw new IOException($"cannot start the child process loop: {PosixSpawnInterop.Describe(Marshal.GetLastPInvokeError())}");
        }

        new Thread(Run) { IsBackground = true, Name = "pipelinebuild-children" }.Start();
    }

    /// <summary>Whether this system has what the loop needs (Linux ≥ 5.3 for <c>pidfd_open</c>, posix_spawn with chdir); probed once.</summary>
    public static bool IsSupported => Supported.Value;

    public static ChildProcessLoop Shared => Instance.Value;

    /// <summary>Starts watching the child's pipes and pidfd (-1: the child is waited for elsewhere).</summary>
    public void Add(PolledProcess child)
    {
        var key = Interlocked.Increment(ref _lastKey);
        child.Key = key;
        lock (_gate)
        {
            _children.Add(key, child);
        }

        if ((child.StandardOutput >= 0 && ChildLoopInterop.Watch(_epoll, child.StandardOutput, Token(key, 0, ChildStream.Output)) != 0)
            || ChildLoopInterop.Watch(_epoll, child.StandardError, Token(key, 0, ChildStream.Error)) != 0
            || !WatchExits(child, key))
        {
            // Not expected (only ENOMEM or ENOSPC): the loop drops what it registered, the caller stops the group.
            var error = Marshal.GetLastPInvokeError();
            Abandon(child);
            throw new IOException($"cannot watch the step process {child.Pids[0]}: {PosixSpawnInterop.Describe(error)}");
        }
    }

    /// <summary>An epoll token: the child's key, which of its members (pipelines have several), and which descriptor.</summary>
    private static ulong Token(long key, int member, ChildStream stream) => ((ulong)key << 8) | ((ulong)member << 2) | (ulong)stream;

    private bool WatchExits(PolledProcess child, long key)
    {
        for (var member = 0; member < child.PidFds.Length; member++)
        {
            if (child.PidFds[member] >= 0 && ChildLoopInterop.Watch(_epoll, child.PidFds[member], Token(key, member, ChildStream.Exit)) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The loop closes the child's pipes (no more lines), still reaping it when it exits.</summary>
    public void Abandon(PolledProcess child)
    {
        _abandoned.Enqueue(child);
        ulong one = 1;
        LinuxDescriptors.WriteAll(_wake, new ReadOnlySpan<byte>(&one, sizeof(ulong)));
    }

    internal void Forget(PolledProcess child, int fd)
    {
        Unwatch(_epoll, fd);
        PosixSpawnInterop.Close(fd);
        if (child.IsDone)
        {
            lock (_gate)
            {
                _children.Remove(child.Key);
            }
        }
    }

    private void Run()
    {
        var events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * EventSize));
        var buffer = new byte[BufferSize];
        var chars = new char[LineSplitter.MaxChars(BufferSize)];
        var size = EventSize;
        var dataOffset = EventDataOffset;
        while (true)
        {
            var count = EpollWait(_epoll, events, MaxEvents, -1);
            if (count < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error == Interrupted)
                {
                    continue;
                }

                throw new InvalidOperationException($"epoll_wait failed: {PosixSpawnInterop.Describe(error)}");
            }

            for (var i = 0; i < count; i++)
            {
                var token = *(ulong*)(events + (i * size) + dataOffset);
                if (token == WakeToken)
                {
                    DrainAbandoned();
                    continue;
                }

                PolledProcess? child;
                lock (_gate)
                {
                    _children.TryGetValue((long)(token >> 8), out child);
                }

                child?.OnReady(this, (ChildStream)(token & 3), (int)((token >> 2) & 0x3f), buffer, chars);
            }
        }
    }

    private void DrainAbandoned()
    {
        ulong value;
        Read(_wake, (byte*)&value, sizeof(ulong));
        while (_abandoned.TryDequeue(out var child))
        {
            child.ClosePipes(this);
        }
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || !PosixSpawner.IsSupported)
        {
            return false;
        }

        try
        {
            var pidFd = PidFdOpen(Environment.ProcessId);
            if (pidFd < 0)
            {
                return false;
            }

            PosixSpawnInterop.Close(pidFd);
            var epoll = EpollCreate(CloseOnExec);
            if (epoll < 0)
            {
                return false;
            }

            PosixSpawnInterop.Close(epoll);
            return true;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }
}
