using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PipelineBuild.Core.Workspace;

/// <summary>
/// Opens state files (cache objects, action entries) only when they are regular files themselves.
/// A FIFO put in their place would block <c>open</c> forever (and the run with it, deaf to SIGTERM);
/// a symlink would read whatever it points to. On Linux the open itself refuses both
/// (<c>O_NOFOLLOW | O_NONBLOCK</c>) and the opened handle is checked again, so no swap in between helps.
/// </summary>
public static partial class RegularFile
{
    private const int ReadOnly = 0;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;
    private const int WriteOnly = 0x1;
    private const int Create = 0x40;
    private const int Append = 0x400;
    private const int OwnerReadWrite = 0x180;

    /// <summary>A read stream, or null when the path is missing or is not a regular file.</summary>
    public static FileStream? TryOpenRead(string path)
    {
        if (FileKinds.Of(path) != FileKind.RegularFile)
        {
            return null;
        }

        if (!OperatingSystem.IsLinux())
        {
            return TryOpenPortable(path);
        }

        return StreamOfRegular(Open(path, ReadOnly | NonBlocking | CloseOnExec | NoFollow), FileAccess.Read);
    }

    /// <summary>The whole content of a small state file, or null when it is not a regular file (or longer than <paramref name="maxBytes"/>).</summary>
    public static byte[]? TryReadAllBytes(string path, long maxBytes)
    {
        using var stream = TryOpenRead(path);
        if (stream is null || stream.Length > maxBytes)
        {
            return null;
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// An unbuffered append stream to a state file this process writes (created 0600 if missing), or null when the path
    /// is a symlink, a FIFO or anything but a regular file: a planted link must never make the tool write through it.
    /// </summary>
    public static FileStream? TryOpenAppend(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return FileKinds.Of(path) is FileKind.RegularFile or FileKind.Missing
                ? new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0)
                : null;
        }

        return StreamOfRegular(Open(path, WriteOnly | Create | Append | NonBlocking | CloseOnExec | NoFollow, OwnerReadWrite), FileAccess.Write);
    }

    /// <summary>An unbuffered stream of an opened descriptor, or null when the open failed or what was opened is not a regular file (checked on the handle, so no swap after the open helps).</summary>
    private static FileStream? StreamOfRegular(int fd, FileAccess access)
    {
        if (fd < 0)
        {
            return null;
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (LinuxStat.KindOfHandle(fd) != FileKind.RegularFile)
        {
            handle.Dispose();
            return null;
        }

        return new FileStream(handle, access, bufferSize: 0);
    }

    private static FileStream? TryOpenPortable(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // O_NOFOLLOW differs between architectures (asm-generic vs arm's own).
    private static int NoFollow =>
        RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags, int mode);
}
