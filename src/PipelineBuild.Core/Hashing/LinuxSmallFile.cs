using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// Reads a small file whole through a plain descriptor, and its stat through the same descriptor once read (Linux).
/// A <see cref="FileStream"/> takes an flock, stats twice and reads twice per open: for 10⁵ small files that is
/// most of the system time of hashing them. Opened without blocking, so a FIFO put in a file's place is refused, not waited on.
/// </summary>
internal static class LinuxSmallFile
{
    /// <summary>What a read gave.</summary>
    public enum Outcome
    {
        /// <summary>The whole file, and the stat it had once read.</summary>
        Read,

        /// <summary>What the path names now is a FIFO, a device or a folder: it must not be read in any other way either.</summary>
        NotRegular,

        /// <summary>
        /// Not read this way: it cannot be opened or read (the caller's ordinary open reports why), it does not fit,
        /// or its length once read is not what was read (it changed meanwhile).
        /// </summary>
        NotRead,
    }

    /// <summary>
    /// Reads the file into <paramref name="buffer"/>; on <see cref="Outcome.Read"/>, <paramref name="length"/> bytes
    /// were read and <paramref name="statAfter"/> is the stat of the file they were read from, taken after the read.
    /// A file that fills the buffer does not fit (pass one byte more than the longest file wanted).
    /// </summary>
    public static Outcome Read(string path, Span<byte> buffer, out int length, out FileStat statAfter)
    {
        length = 0;
        statAfter = default;
        var fd = RegularFile.OpenDescriptor(path, followLinks: true);
        if (fd < 0)
        {
            return Outcome.NotRead;
        }

        try
        {
            // One read: a regular file gives all it has up to the buffer's length, and the length the stat below
            // reports confirms it (a short read before the end, or a file that changed meanwhile, is not taken).
            var read = LinuxDescriptors.ReadAt(fd, buffer, 0);

            // The kind is checked on the descriptor after reading: one statx for both. A FIFO fails pread (ESPIPE), a folder
            // fails it (EISDIR); a device put in a file's place was opened without blocking and is refused here.
            if (!LinuxStat.TryReadHandle(fd, out var size, out var modified, out var changed, out var inode))
            {
                return Outcome.NotRegular;
            }

            if (read < 0 || read == buffer.Length || size != read)
            {
                return Outcome.NotRead;
            }

            length = read;
            statAfter = new FileStat(size, modified, changed, inode);
            return Outcome.Read;
        }
        finally
        {
            _ = LinuxDescriptors.Close(fd);
        }
    }
}
