using System.Runtime.InteropServices;

namespace PipelineBuild.Core.Workspace;

/// <summary>
/// A pidfd (Linux ≥ 5.3): a process named by a descriptor instead of its number, so a signal sent through it cannot
/// reach a later process that was given the same number.
/// </summary>
public static unsafe partial class ProcessDescriptor
{
    private const long OpenCall = 434; // pidfd_open: the same number on every architecture
    private const long SendSignalCall = 424; // pidfd_send_signal: likewise
    private const short Readable = 0x1;
    private const int Interrupted = 4;

    /// <summary>A pidfd of <paramref name="pid"/>, or -1 (no such process, or no pidfds here).</summary>
    public static int Open(int pid) => (int)Syscall(OpenCall, pid, 0, 0, 0);

    public static bool Signal(int pidFd, int signal) => Syscall(SendSignalCall, pidFd, signal, 0, 0) == 0;

    /// <summary>Whether the process ended (its pidfd turns readable then) within <paramref name="wait"/>.</summary>
    public static bool WaitForExit(int pidFd, TimeSpan wait)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var poll = stackalloc PollEntry[1];
        while (true)
        {
            poll[0] = new PollEntry { Descriptor = pidFd, Events = Readable };
            var left = (int)Math.Max(0, (wait - clock.Elapsed).TotalMilliseconds);
            var ready = Poll(poll, 1, left);
            if (ready > 0)
            {
                return true;
            }

            if (ready == 0 || Marshal.GetLastPInvokeError() != Interrupted || left == 0)
            {
                return false;
            }
        }
    }

    /// <summary>Whether the other end of a connected socket has gone (hung up, or reset), without waiting; true when poll fails.</summary>
    public static bool IsHungUp(nint socket)
    {
        const short Error = 0x8, HungUp = 0x10, ReadHungUp = 0x2000;
        var poll = stackalloc PollEntry[1];
        poll[0] = new PollEntry { Descriptor = (int)socket, Events = ReadHungUp };
        var ready = Poll(poll, 1, 0);
        return ready < 0 || (ready > 0 && (poll[0].ReturnedEvents & (Error | HungUp | ReadHungUp)) != 0);
    }

    public static void Close(int pidFd) => LinuxDescriptors.Close(pidFd);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollEntry
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, int first, int second, nint third, uint flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(PollEntry* entries, nuint count, int timeout);
}
