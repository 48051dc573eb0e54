using System.Runtime.InteropServices;

namespace PipelineBuild.Core.Workspace;

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

    /// <summary>Size, mtime, ctime (nanoseconds) and inode of a regular file; false when missing or not a regular file.</summary>
    public static bool TryRead(string path, out long size, out long modifiedNanoseconds, out long changedNanoseconds, out ulong inode)
    {
        StatxBuffer buffer = default;
        var ok = Statx(AtFdCwd, path, 0, StatxBasicStats, ref buffer) == 0 && (buffer.Mode & FileTypeMask) == RegularFile;
        size = (long)buffer.Size;
        modifiedNanoseconds = (buffer.MtimeSec * 1_000_000_000L) + buffer.MtimeNsec;
        changedNanoseconds = (buffer.CtimeSec * 1_000_000_000L) + buffer.CtimeNsec;
        inode = buffer.Inode;
        return ok;
    }

    /// <summary>The same, for a NUL-terminated UTF-8 path (no string made per file).</summary>
    public static bool TryRead(ReadOnlySpan<byte> nulTerminatedPath, out long size, out long modifiedNanoseconds, out long changedNanoseconds, out ulong inode) =>
        TryReadAt(AtFdCwd, nulTerminatedPath, out size, out modifiedNanoseconds, out changedNanoseconds, out inode);

    /// <summary>The same, for a path relative to the open folder <paramref name="folderFd"/>.</summary>
    public static bool TryReadAt(int folderFd, ReadOnlySpan<byte> nulTerminatedPath, out long size, out long modifiedNanoseconds, out long changedNanoseconds, out ulong inode) =>
        TryReadAt(folderFd, nulTerminatedPath, followLinks: true, out size, out modifiedNanoseconds, out changedNanoseconds, out inode, out _);

    /// <summary>
    /// The same, the last part of the path followed if it is a link only when <paramref name="followLinks"/>; when
    /// not, <paramref name="isLink"/> tells a link (false returned) from anything else that is not a regular file.
    /// </summary>
    public static bool TryReadAt(int folderFd, ReadOnlySpan<byte> nulTerminatedPath, bool followLinks, out long size, out long modifiedNanoseconds, out long changedNanoseconds, out ulong inode, out bool isLink)
    {
        if (nulTerminatedPath.IsEmpty || nulTerminatedPath[^1] != 0)
        {
            throw new ArgumentException("the path must end with NUL", nameof(nulTerminatedPath));
        }

        StatxBuffer buffer = default;
        var found = Statx(folderFd, ref MemoryMarshal.GetReference(nulTerminatedPath), followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, ref buffer) == 0;
        var ok = found && (buffer.Mode & FileTypeMask) == RegularFile;
        isLink = found && (buffer.Mode & FileTypeMask) == SymbolicLink;
        size = (long)buffer.Size;
        modifiedNanoseconds = (buffer.MtimeSec * 1_000_000_000L) + buffer.MtimeNsec;
        changedNanoseconds = (buffer.CtimeSec * 1_000_000_000L) + buffer.CtimeNsec;
        inode = buffer.Inode;
        return ok;
    }

    /// <summary>The kind of the entry itself (AT_SYMLINK_NOFOLLOW): a link is a link, a FIFO is never opened.</summary>
    public static FileKind KindOf(string path)
    {
        StatxBuffer buffer = default;
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, ref buffer) != 0)
        {
            return FileKind.Missing;
        }

        return (buffer.Mode & FileTypeMask) switch
        {
            RegularFile => FileKind.RegularFile,
            Directory => FileKind.Directory,
            SymbolicLink => FileKind.SymbolicLink,
            _ => FileKind.Special,
        };
    }

    /// <summary>Size, mtime, ctime and inode of the regular file open as <paramref name="fd"/> (AT_EMPTY_PATH); false when it is not one.</summary>
    public static bool TryReadHandle(int fd, out long size, out long modifiedNanoseconds, out long changedNanoseconds, out ulong inode)
    {
        StatxBuffer buffer = default;
        var ok = Statx(fd, string.Empty, AtEmptyPath, StatxBasicStats, ref buffer) == 0 && (buffer.Mode & FileTypeMask) == RegularFile;
        size = (long)buffer.Size;
        modifiedNanoseconds = (buffer.MtimeSec * 1_000_000_000L) + buffer.MtimeNsec;
        changedNanoseconds = (buffer.CtimeSec * 1_000_000_000L) + buffer.CtimeNsec;
        inode = buffer.Inode;
        return ok;
    }

    /// <summary>
    /// The stat of the folder at <paramref name="path"/> (links followed, or not with <paramref name="followLinks"/>
    /// false); false when it is missing or not a folder.
    /// </summary>
    public static bool TryReadFolder(string path, bool followLinks, out FolderStat stat)
    {
        StatxBuffer buffer = default;
        var ok = Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, ref buffer) == 0 && (buffer.Mode & FileTypeMask) == Directory;
        stat = FolderStatOf(in buffer);
        return ok;
    }

    /// <summary>The stat of the folder open as <paramref name="fd"/> (AT_EMPTY_PATH); false when it is not one.</summary>
    public static bool TryReadFolderHandle(int fd, out FolderStat stat)
    {
        StatxBuffer buffer = default;
        var ok = Statx(fd, string.Empty, AtEmptyPath, StatxBasicStats, ref buffer) == 0 && (buffer.Mode & FileTypeMask) == Directory;
        stat = FolderStatOf(in buffer);
        return ok;
    }

    private static FolderStat FolderStatOf(in StatxBuffer buffer) => new(
        ((ulong)buffer.DeviceMajor << 32) | buffer.DeviceMinor,
        buffer.Inode,
        (buffer.MtimeSec * 1_000_000_000L) + buffer.MtimeNsec,
        (buffer.CtimeSec * 1_000_000_000L) + buffer.CtimeNsec);

    /// <summary>The kind of an open file descriptor (AT_EMPTY_PATH).</summary>
    public static FileKind KindOfHandle(int fd)
    {
        StatxBuffer buffer = default;
        return Statx(fd, string.Empty, AtEmptyPath, StatxBasicStats, ref buffer) != 0
            ? FileKind.Missing
            : (buffer.Mode & FileTypeMask) == RegularFile ? FileKind.RegularFile : FileKind.Special;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, ref StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "statx")]
    private static partial int Statx(int dirfd, ref byte path, int flags, uint mask, ref StatxBuffer buffer);

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

        [FieldOffset(136)]
        public uint DeviceMajor;

        [FieldOffset(140)]
        public uint DeviceMinor;
    }
}
