using System.Runtime.InteropServices;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Workspace;

/// <summary>
/// Reads a small file whole through a plain descriptor, and its stat through the same descriptor once read (Linux).
/// A <see cref="FileStream"/> takes an flock, stats twice and reads twice per open: for 10⁵ small files that is
/// most of the system time of hashing them. Opened without blocking, so a FIFO put in a file's place is refused, not waited on.
/// </summary>
internal static partial class LinuxSmallFile
{
    private const int ReadOnly = 0;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;
    private const int Interrupted = 4;

    /// <summary>
    /// The length of the file, read whole into <paramref name="buffer"/>, and its stat once read; -1 when it cannot be
    /// opened or read, is not a regular file (checked after reading: a device or FIFO gives -1), or does not fit, or its
    /// length is not what was read.
    /// </summary>
    public static int Read(string path, Span<byte> buffer, out FileStat statAfter)
    {
        statAfter = default;
        var fd = Open(path, ReadOnly | NonBlocking | CloseOnExec);
        if (fd < 0)
        {
            return -1;
        }

        try
        {
            var total = 0;
            while (total < buffer.Length)
            {
                var read = PRead(fd, ref buffer[total], buffer.Length - total, total);
                if (read < 0 && Marshal.GetLastPInvokeError() == Interrupted)
                {
                    continue;
                }

                if (read < 0)
                {
                    return -1;
                }

                total += (int)read;
                if (read == 0 || total < buffer.Length)
                {
                    break; // a short read of a regular file is its end; the stat below confirms the length
                }
            }

            if (!LinuxStat.TryReadHandle(fd, out var size, out var modified, out var changed, out var inode) || size != total || total == buffer.Length)
            {
                return -1;
            }

            statAfter = new FileStat(size, modified, changed, inode);
            return total;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial nint PRead(int fd, ref byte buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
