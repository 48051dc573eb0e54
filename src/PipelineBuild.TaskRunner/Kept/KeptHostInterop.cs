using System.Runtime.InteropServices;

namespace PipelineBuild.TaskRunner.Kept;

/// <summary>
/// The libc calls behind kept task hosts (the folder and the peer check: <see cref="PipelineBuild.Core.Workspace.PrivateSocketFolder"/>): slot locks (flock), output pipes, and passing their write ends to the host over the socket (SCM_RIGHTS).
/// </summary>
internal static unsafe partial class KeptHostInterop
{
    public const int LockExclusive = 2;
    public const int LockNonBlocking = 4;
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int ReadWrite = 2;
    private const int Create = 0x40;
    private const int NoFollow = 0x20000;
    private const int CloseOnExec = 0x80000;
    private const int SolSocket = 1;
    private const int ScmRights = 1;
    private const int Interrupted = 4;
    private const int NoSignal = 0x4000;

    /// <summary>Opens (creating, mode 0600) a lock file, never through a link; -1 when it cannot.</summary>
    public static int OpenLockFile(string path) => Open(path, ReadWrite | Create | NoFollow | CloseOnExec, 0x180);

    /// <summary>
    /// Whether <paramref name="path"/> still names the file open as <paramref name="fd"/>: a host that leaves deletes its
    /// slot's lock file while holding the lock, so a lock taken on a file opened just before that is a lock on nothing.
    /// </summary>
    public static bool IsStillAt(int fd, string path)
    {
        var open = stackalloc byte[256];
        var named = stackalloc byte[256];
        return Statx(fd, "", AtEmptyPath, StatxBasicStats, open) == 0 && Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, named) == 0
            && *(ulong*)(open + 32) == *(ulong*)(named + 32) && *(ulong*)(open + 136) == *(ulong*)(named + 136);
    }

    /// <summary>An exclusive lock taken without waiting; false when another process holds it.</summary>
    public static bool TryLock(int fd)
    {
        int result;
        do
        {
            result = Flock(fd, LockExclusive | LockNonBlocking);
        }
        while (result != 0 && Marshal.GetLastPInvokeError() == Interrupted);

        return result == 0;
    }

    /// <summary>A pipe, both ends close-on-exec: (read, write).</summary>
    public static (int Read, int Write) OpenPipe()
    {
        var fds = stackalloc int[2];
        if (Pipe2(fds, CloseOnExec) != 0)
        {
            throw new IOException($"cannot create a pipe (errno {Marshal.GetLastPInvokeError()})");
        }

        return (fds[0], fds[1]);
    }

    /// <summary>Sends one byte carrying two descriptors (SCM_RIGHTS): the host's stdout and stderr for this connection.</summary>
    public static void SendDescriptors(nint socket, int first, int second)
    {
        byte payload = (byte)'f';
        var iov = stackalloc nint[2];
        iov[0] = (nint)(&payload);
        iov[1] = 1;
        // cmsghdr: size_t len, int level, int type, then the descriptors; CMSG_SPACE for two ints is 24 bytes.
        var control = stackalloc byte[24];
        *(nuint*)control = 24;
        *(int*)(control + 8) = SolSocket;
        *(int*)(control + 12) = ScmRights;
        *(int*)(control + 16) = first;
        *(int*)(control + 20) = second;
        var header = stackalloc byte[56];
        new Span<byte>(header, 56).Clear();
        *(nint*)(header + 16) = (nint)iov;
        *(nuint*)(header + 24) = 1;
        *(nint*)(header + 32) = (nint)control;
        *(nuint*)(header + 40) = 24;
        long sent;
        do
        {
            sent = SendMessage((int)socket, header, NoSignal);
        }
        while (sent < 0 && Marshal.GetLastPInvokeError() == Interrupted);

        if (sent != 1)
        {
            throw new IOException($"cannot pass the output pipes to the task host (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static partial long SendMessage(int socket, byte* message, int flags);
}
