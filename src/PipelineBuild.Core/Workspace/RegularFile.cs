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

        var fd = Open(path, ReadOnly | NonBlocking | CloseOnExec | NoFollow);
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

        return new FileStream(handle, FileAccess.Read, bufferSize: 0);
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
}
