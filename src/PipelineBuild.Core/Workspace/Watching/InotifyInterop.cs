using System.Runtime.InteropServices;

namespace PipelineBuild.Core.Workspace.Watching;

/// <summary>The libc calls behind <see cref="ChangeJournal"/>: inotify itself, <c>statfs</c>'s file system type, <c>poll</c>.</summary>
internal static unsafe partial class InotifyInterop
{
    public const uint Modify = 0x2;
    public const uint Attrib = 0x4;
    public const uint CloseWrite = 0x8;
    public const uint MovedFrom = 0x40;
    public const uint MovedTo = 0x80;
    public const uint Create = 0x100;
    public const uint Delete = 0x200;
    public const uint DeleteSelf = 0x400;
    public const uint MoveSelf = 0x800;
    public const uint QueueOverflow = 0x4000;
    public const uint Ignored = 0x8000;
    public const uint OnlyFolder = 0x01000000;
    public const uint DontFollow = 0x02000000;
    public const uint IsFolder = 0x40000000;

    /// <summary>What a watch reports: every change of an entry's content, attributes or name, and of the folder itself.</summary>
    public const uint WatchMask = Modify | Attrib | CloseWrite | MovedFrom | MovedTo | Create | Delete | DeleteSelf | MoveSelf | OnlyFolder | DontFollow;

    public const int NoSpace = 28;
    public const int WouldBlock = 11;
    public const int Interrupted = 4;

    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;

    /// <summary>A new inotify instance, non-blocking and close-on-exec; -1 (errno) when none can be made.</summary>
    public static int Open() => InotifyInit1(NonBlocking | CloseOnExec);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int AddWatch(int fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    /// <summary>The type of the file system <paramref name="path"/> is on (<c>f_type</c>), or null.</summary>
    public static long? FileSystemType(string path)
    {
        // struct statfs is 120 bytes on 64-bit Linux; f_type (a long) comes first.
        var buffer = stackalloc long[16];
        return StatFs(path, buffer) == 0 ? buffer[0] : null;
    }

    /// <summary>Waits up to <paramref name="milliseconds"/> for <paramref name="fd"/> to be readable.</summary>
    public static bool WaitReadable(int fd, int milliseconds)
    {
        // struct pollfd: int fd, short events, short revents; POLLIN = 1.
        var poll = stackalloc int[2];
        poll[0] = fd;
        poll[1] = 1;
        return Poll(poll, 1, milliseconds) > 0;
    }

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    private static partial int InotifyInit1(int flags);

    [LibraryImport("libc", EntryPoint = "statfs", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatFs(string path, long* buffer);

    [LibraryImport("libc", EntryPoint = "poll")]
    private static partial int Poll(int* fds, nuint count, int timeout);
}
