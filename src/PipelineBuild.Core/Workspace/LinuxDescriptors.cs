using System.Runtime.InteropServices;

namespace PipelineBuild.Core.Workspace;

/// <summary>
/// The libc calls on file descriptors (<c>open</c>, <c>pread</c>, <c>write</c>, <c>close</c>) and the flags Core passes them, declared
/// once for every caller (state files, folder handles, small inputs, spawned processes' pipes). <c>open</c>,
/// <c>pread</c> and <c>write</c> are retried when a signal interrupts them (EINTR).
/// </summary>
internal static partial class LinuxDescriptors
{
    public const int ReadOnly = 0;
    public const int WriteOnly = 0x1;
    public const int Create = 0x40;
    public const int Exclusive = 0x80;
    public const int Truncate = 0x200;
    public const int Append = 0x400;
    public const int NonBlocking = 0x800;
    public const int CloseOnExec = 0x80000;
    public const int PathOnly = 0x200000;
    private const int Interrupted = 4;

    // O_NOFOLLOW and O_DIRECTORY differ between architectures (asm-generic vs arm's own).
    public static int NoFollow => IsArm ? 0x8000 : 0x20000;

    public static int Directory => IsArm ? 0x4000 : 0x10000;

    private static bool IsArm => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;

    /// <summary>A descriptor, or -1 with the error in <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    public static int Open(string path, int flags)
    {
        int fd;
        while ((fd = OpenNative(path, flags)) < 0 && Marshal.GetLastPInvokeError() == Interrupted)
        {
        }

        return fd;
    }

    /// <summary>The same, creating the file with <paramref name="mode"/> when <see cref="Create"/> is among the flags.</summary>
    public static int Open(string path, int flags, int mode)
    {
        int fd;
        while ((fd = OpenNative(path, flags, mode)) < 0 && Marshal.GetLastPInvokeError() == Interrupted)
        {
        }

        return fd;
    }

    /// <summary>The same, for a NUL-terminated UTF-8 path (no string made per file).</summary>
    public static int Open(ReadOnlySpan<byte> nulTerminatedPath, int flags)
    {
        if (nulTerminatedPath.IsEmpty || nulTerminatedPath[^1] != 0)
        {
            throw new ArgumentException("the path must end with NUL", nameof(nulTerminatedPath));
        }

        int fd;
        while ((fd = OpenNative(ref MemoryMarshal.GetReference(nulTerminatedPath), flags)) < 0 && Marshal.GetLastPInvokeError() == Interrupted)
        {
        }

        return fd;
    }

    /// <summary>Bytes read at <paramref name="offset"/> (0 at the end), or -1 on an error.</summary>
    public static int ReadAt(int fd, Span<byte> buffer, long offset)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        nint read;
        while ((read = PReadNative(fd, ref MemoryMarshal.GetReference(buffer), buffer.Length, offset)) < 0 && Marshal.GetLastPInvokeError() == Interrupted)
        {
        }

        return (int)read;
    }

    /// <summary>Writes all of <paramref name="content"/> (a short write is continued); false on an error (errno in <see cref="Marshal.GetLastPInvokeError"/>).</summary>
    public static bool WriteAll(int fd, ReadOnlySpan<byte> content)
    {
        while (!content.IsEmpty)
        {
            var written = WriteNative(fd, ref MemoryMarshal.GetReference(content), content.Length);
            if (written < 0)
            {
                if (Marshal.GetLastPInvokeError() == Interrupted)
                {
                    continue;
                }

                return false;
            }

            content = content[(int)written..];
        }

        return true;
    }

    /// <summary>Closes a descriptor this process opened; never retried (Linux frees it even when close reports EINTR).</summary>
    public static int Close(int fd) => CloseNative(fd);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenNative(string path, int flags);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenNative(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int OpenNative(ref byte path, int flags);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial nint PReadNative(int fd, ref byte buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteNative(int fd, ref byte buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseNative(int fd);
}
