using System.Runtime.InteropServices;

namespace PipelineBuild.TaskHost;

/// <summary>The libc calls of a kept host (<see cref="KeptServer"/>): its own session, descriptors passed by the tool, the peer's user.</summary>
internal static unsafe partial class HostInterop
{
    public const int SigKill = 9;
    private const int SolSocket = 1;
    private const int ScmRights = 1;
    private const int PeerCredentials = 17;
    private const int CmsgCloseOnExec = 0x40000000;
    private const int Interrupted = 4;
    private const int TryAgain = 11;
    private const short PollIn = 1;
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int ReadWrite = 2;
    private const int Create = 0x40;
    private const int NoFollow = 0x20000;
    private const int CloseOnExec = 0x80000;

    [LibraryImport("libc", EntryPoint = "setsid")]
    public static partial int NewSession();

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint EffectiveUserId();

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    public static partial int Duplicate(int fd, int target);

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "kill")]
    public static partial int Kill(int pid, int signal);

    /// <summary>
    /// PR_SET_CHILD_SUBREAPER: a process a task started and left behind stays this host's child when its parent ends,
    /// instead of going to init, so <see cref="HasChildren"/> sees it.
    /// </summary>
    public static bool BecomeSubreaper() => SetProcessOption(36, 1, 0, 0, 0) == 0;

    /// <summary>Whether this process has a child (running or not yet reaped): /proc/self/task/*/children.</summary>
    public static bool HasChildren()
    {
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "children")).Trim().Length > 0)
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // A thread that ended meanwhile.
            }
        }

        return false;
    }

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int SetProcessOption(int option, nuint argument2, nuint argument3, nuint argument4, nuint argument5);

    /// <summary>The user id at the other end of a connected Unix socket (SO_PEERCRED); null when unknown.</summary>
    public static uint? PeerUser(nint socket)
    {
        var credentials = stackalloc int[3];
        var length = 12;
        return GetSocketOption((int)socket, SolSocket, PeerCredentials, credentials, &length) == 0 ? (uint)credentials[1] : null;
    }

    /// <summary>Receives the one byte the tool sends with two descriptors (SCM_RIGHTS); null when it does not come in time.</summary>
    public static (int First, int Second)? ReceiveDescriptors(nint socket, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        byte payload = 0;
        var iov = stackalloc nint[2];
        iov[0] = (nint)(&payload);
        iov[1] = 1;
        var control = stackalloc byte[64];
        var header = stackalloc byte[56];
        var poll = stackalloc int[2];
        while (true)
        {
            new Span<byte>(control, 64).Clear();
            new Span<byte>(header, 56).Clear();
            *(nint*)(header + 16) = (nint)iov;
            *(nuint*)(header + 24) = 1;
            *(nint*)(header + 32) = (nint)control;
            *(nuint*)(header + 40) = 64;
            var received = ReceiveMessage((int)socket, header, CmsgCloseOnExec);
            if (received == 1)
            {
                // One control message: length 24 (16-byte header + two ints), SOL_SOCKET, SCM_RIGHTS.
                var length = *(nuint*)(header + 40);
                if (length >= 24 && *(nuint*)control == 24 && *(int*)(control + 8) == SolSocket && *(int*)(control + 12) == ScmRights)
                {
                    return (*(int*)(control + 16), *(int*)(control + 20));
                }

                return null;
            }

            var error = Marshal.GetLastPInvokeError();
            var left = deadline - Environment.TickCount64;
            if (received != -1 || (error != Interrupted && error != TryAgain) || left <= 0)
            {
                return null;
            }

            poll[0] = (int)socket;
            poll[1] = PollIn;
            _ = Poll(poll, 1, (int)left);
        }
    }

    /// <summary>The slot's lock, taken without waiting: held, no tool uses the slot (it closes when the process ends). -1: not taken.</summary>
    public static int TryLock(string path)
    {
        var fd = Open(path, ReadWrite | Create | NoFollow | CloseOnExec, 0x180);
        if (fd < 0)
        {
            return -1;
        }

        if (Flock(fd, LockExclusive | LockNonBlocking) == 0)
        {
            return fd;
        }

        Close(fd);
        return -1;
    }

    /// <summary>The inode of the entry itself (statx, links not followed); null when missing.</summary>
    public static ulong? Inode(string path)
    {
        var buffer = stackalloc byte[256];
        return Statx(-100, path, 0x100, 0x7ff, buffer) == 0 ? *(ulong*)(buffer + 32) : null;
    }

    /// <summary>The inode of an open file; null when it cannot be read.</summary>
    public static ulong? InodeOf(int fd)
    {
        var buffer = stackalloc byte[256];
        return Statx(fd, "", 0x1000, 0x7ff, buffer) == 0 ? *(ulong*)(buffer + 32) : null;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    private static partial int GetSocketOption(int socket, int level, int name, void* value, int* length);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static partial long ReceiveMessage(int socket, byte* message, int flags);

    [LibraryImport("libc", EntryPoint = "poll")]
    private static partial int Poll(int* fds, nuint count, int timeout);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock")]
    private static partial int Flock(int fd, int operation);
}
