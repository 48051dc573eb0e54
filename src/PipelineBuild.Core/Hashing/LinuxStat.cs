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
