using System.Runtime.InteropServices;

namespace PipelineBuild.Core.Workspace;

/// <summary>
/// The per-user folder of the sockets of processes kept across runs (task hosts, the change journal):
/// <c>$XDG_RUNTIME_DIR/pipelinebuild</c>, else <c>/tmp/pipelinebuild-&lt;uid&gt;</c>. Made mode 0700; used only while it
/// is a real folder (not a link), ours, and mode 0700 — anyone else could connect to a process there, or plant a socket
/// of their own (a hostile /tmp). Also the checks both ends of such a socket make: the peer's uid (SO_PEERCRED).
/// </summary>
public static unsafe partial class PrivateSocketFolder
{
    /// <summary>sun_path holds 108 bytes with its NUL; a socket is named by 16 + 1 + 32 characters and <c>.N</c>.</summary>
    private const int MaxSocketPath = 107;
    private const int LongestName = 16 + 1 + 32 + 3;
    private const ushort TypeMask = 0xF000;
    private const ushort FolderType = 0x4000;
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int SolSocket = 1;
    private const int PeerCredentials = 17;
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private static readonly TimeSpan ConnectWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(3);

    /// <summary>The folder to use, or null (with why) when kept processes must not be used.</summary>
    public static string? Find(string? runtimeFolder, out string? whyNot)
    {
        var uid = EffectiveUserId();
        var folder = PathFor(runtimeFolder, uid);
        if (System.Text.Encoding.UTF8.GetByteCount(folder) + 1 + LongestName > MaxSocketPath)
        {
            whyNot = $"{folder}: too long a path for a socket";
            return null;
        }

        // mkdir never follows a link at the name and keeps what exists; the check that follows decides.
        _ = MakeFolder(folder, 0x1C0);
        if (Usable(folder, uid))
        {
            whyNot = null;
            return folder;
        }

        whyNot = $"{folder} is not a folder of this user's with mode 0700";
        return null;
    }

    /// <summary>The folder when it exists and may be used; nothing is made (for stopping what listens in it).</summary>
    public static string? Existing(string? runtimeFolder)
    {
        var uid = EffectiveUserId();
        var folder = PathFor(runtimeFolder, uid);
        return Usable(folder, uid) ? folder : null;
    }

    // XDG_RUNTIME_DIR when it is usable; then only its folder: a hostile one there means no kept processes, not another place.
    private static string PathFor(string? runtimeFolder, uint uid) =>
        runtimeFolder is { Length: > 0 } runtime && Path.IsPathFullyQualified(runtime) && Usable(runtime, uid)
            ? Path.Combine(runtime, "pipelinebuild")
            : $"/tmp/pipelinebuild-{uid}";

    /// <summary>A real folder (lstat: not a link), owned by <paramref name="uid"/>, mode exactly 0700.</summary>
    public static bool Usable(string folder, uint uid) =>
        TryLstat(folder, out var owner, out var mode)
        && (mode & TypeMask) == FolderType
        && owner == uid
        && (mode & 0xFFF) == 0x1C0;

    /// <summary>Whether the other end of a connected Unix socket is a process of this user's (SO_PEERCRED), and which.</summary>
    public static bool IsOurs(nint socket, out int pid)
    {
        var credentials = stackalloc int[3];
        var length = 12;
        var ok = GetSocketOption((int)socket, SolSocket, PeerCredentials, credentials, &length) == 0;
        pid = credentials[0];
        return ok && (uint)credentials[1] == EffectiveUserId() && pid > 1;
    }

    /// <summary>
    /// Stops the process listening at a socket of the folder when it is this user's (<c>dotnet pipeline shutdown</c>): SIGTERM,
    /// then SIGKILL if it is still there after <see cref="StopWait"/>. Its number comes from the connection's peer credentials,
    /// and the process is held by a pidfd taken while the connection is open: a process's descriptors close as it exits,
    /// before its number can go to another process, so a connection not hung up once the pidfd is open proves the pidfd
    /// names the listener. False when nobody (of ours) listens there, or it left meanwhile.
    /// </summary>
    public static bool StopListener(string socketPath)
    {
        int pidFd;
        using (var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
        {
            try
            {
                if (!socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath)).Wait(ConnectWait))
                {
                    return false;
                }
            }
            catch (AggregateException e) when (e.InnerException is System.Net.Sockets.SocketException)
            {
                return false;
            }

            if (!IsOurs(socket.Handle, out var pid) || (pidFd = ProcessDescriptor.Open(pid)) < 0)
            {
                return false;
            }

            if (ProcessDescriptor.IsHungUp(socket.Handle))
            {
                ProcessDescriptor.Close(pidFd);
                return false;
            }
        }

        try
        {
            _ = ProcessDescriptor.Signal(pidFd, SigTerm);
            if (!ProcessDescriptor.WaitForExit(pidFd, StopWait))
            {
                _ = ProcessDescriptor.Signal(pidFd, SigKill);
            }

            return true;
        }
        finally
        {
            ProcessDescriptor.Close(pidFd);
        }
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint EffectiveUserId();

    /// <summary>The entry itself (never what a link names): owner, mode bits (type included); false when missing.</summary>
    private static bool TryLstat(string path, out uint owner, out ushort mode)
    {
        var buffer = stackalloc byte[256];
        var ok = Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) == 0;
        owner = *(uint*)(buffer + 20);
        mode = *(ushort*)(buffer + 28);
        return ok;
    }

    [LibraryImport("libc", EntryPoint = "mkdir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MakeFolder(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    private static partial int GetSocketOption(int socket, int level, int name, void* value, int* length);
}
