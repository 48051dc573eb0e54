using System.Runtime.InteropServices;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Execution.Processes;

/// <summary>The Linux calls behind <see cref="ChildProcessLoop"/>: epoll, an eventfd to wake it, pidfds, and reads of plain descriptors.</summary>
internal static unsafe partial class ChildLoopInterop
{
    public const int Readable = 0x1;
    public const int ControlAdd = 1;
    public const int ControlDelete = 2;
    public const int NoHang = 1;
    public const int TryAgain = 11;
    private const int SetStatusFlags = 4;

    /// <summary>
    /// <c>struct epoll_event</c> is packed on x86-64 (12 bytes, data at offset 4) and naturally aligned elsewhere (16 bytes, data at offset 8).
    /// </summary>
    public static int EventSize => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    public static int EventDataOffset => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    public static int PidFdOpen(int pid) => ProcessDescriptor.Open(pid);

    public static int Watch(int epoll, int fd, ulong token)
    {
        var ev = stackalloc byte[16];
        *(uint*)ev = Readable;
        *(ulong*)(ev + EventDataOffset) = token;
        return EpollControl(epoll, ControlAdd, fd, ev);
    }

    public static int Unwatch(int epoll, int fd)
    {
        var ev = stackalloc byte[16];
        return EpollControl(epoll, ControlDelete, fd, ev);
    }

    /// <summary>Makes a read of <paramref name="fd"/> return EAGAIN instead of blocking.</summary>
    public static int SetNonBlocking(int fd) => FileControl(fd, SetStatusFlags, LinuxDescriptors.NonBlocking);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int FileControl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollControl(int epoll, int operation, int fd, byte* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epoll, byte* events, int maxEvents, int timeout);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);
}
