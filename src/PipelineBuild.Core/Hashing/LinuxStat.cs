using System.Runtime.InteropServices;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// statx(2): one syscall gives size, mtime, ctime and inode with the same struct layout on every
/// Linux architecture (unlike stat(2)), and .NET exposes no inode.
/// </summary>
internal static partial class LinuxStat
{
    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;
    private const ushort FileTypeMask = 0xF000;
    private const ushort RegularFile = 0x8000;
    private const ushort Directory = 0x4000;
    private const ushort SymbolicLink = 0xA000;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;

    public static FileStat? TryRead(string path)
    {
        StatxBuffer buffer = default;
        if (Statx(AtFdCwd, path, 0, StatxBasicStats, ref buffer) != 0)
        {
            return null;
        }

        if ((buffer.Mode & FileTypeMask) != RegularFile)
        {
            return null;
        }

        return new FileStat(
            (long)buffer.Size,
            (buffer.MtimeSec * 1_000_000_000L) + buffer.MtimeNsec,
            (buffer.CtimeSec * 1_000_000_000L) + buffer.CtimeNsec,
            buffer.Inode);
    }

    /// <summary>The kind of the entry itself (AT_SYMLINK_NOFOLLOW): a link is a link, a FIFO is never opened.</summary>
    public static Workspace.FileKind KindOf(string path)
    {
        StatxBuffer buffer = default;
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, ref buffer) != 0)
        {
            return Workspace.FileKind.Missing;
        }

        return (buffer.Mode & FileTypeMask) switch
        {
            RegularFile => Workspace.FileKind.RegularFile,
            Directory => Workspace.FileKind.Directory,
            SymbolicLink => Workspace.FileKind.SymbolicLink,
            _ => Workspace.FileKind.Special,
        };
    }

    /// <summary>The kind of an open file descriptor (AT_EMPTY_PATH).</summary>
    public static Workspace.FileKind KindOfHandle(int fd)
    {
        StatxBuffer buffer = default;
        return Statx(fd, string.Empty, AtEmptyPath, StatxBasicStats, ref buffer) != 0
            ? Workspace.FileKind.Missing
            : (buffer.Mode & FileTypeMask) == RegularFile ? Workspace.FileKind.RegularFile : Workspace.FileKind.Special;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, ref StatxBuffer buffer);

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(32)]
        public ulong Inode;

        [FieldOffset(40)]
        public ulong Size;

        [FieldOffset(96)]
        public long CtimeSec;

        [FieldOffset(104)]
        public uint CtimeNsec;

        [FieldOffset(112)]
        public long MtimeSec;

        [FieldOffset(120)]
        public uint MtimeNsec;
    }
}
