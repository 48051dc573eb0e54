namespace PipelineBuild.Core.Hashing;

/// <summary>What the stat cache compares: a change of any field means the file must be hashed again.</summary>
public readonly record struct FileStat(long Size, long ModifiedNanoseconds, long ChangedNanoseconds, ulong Inode)
{
    public static FileStat? Read(string path) =>
        OperatingSystem.IsLinux() ? ReadLinux(path) : ReadPortable(path);

    /// <summary>Linux only: the stat of a file named by a NUL-terminated UTF-8 path.</summary>
    internal static FileStat? ReadUtf8(ReadOnlySpan<byte> nulTerminatedPath) =>
        Workspace.LinuxStat.TryRead(nulTerminatedPath, out var size, out var modified, out var changed, out var inode)
            ? new FileStat(size, modified, changed, inode)
            : null;

    /// <summary>Linux only: the stat of a file named by a NUL-terminated UTF-8 path relative to an open folder.</summary>
    internal static FileStat? ReadUtf8At(int folderFd, ReadOnlySpan<byte> nulTerminatedPath) =>
        Workspace.LinuxStat.TryReadAt(folderFd, nulTerminatedPath, out var size, out var modified, out var changed, out var inode)
            ? new FileStat(size, modified, changed, inode)
            : null;

    /// <summary>
    /// Linux only: the stat of the entry itself (a link not followed) named by a NUL-terminated UTF-8 path relative to
    /// an open folder (or <c>AT_FDCWD</c>); null with <paramref name="isLink"/> true for a link.
    /// </summary>
    internal static FileStat? ReadEntryUtf8At(int folderFd, ReadOnlySpan<byte> nulTerminatedPath, out bool isLink) =>
        Workspace.LinuxStat.TryReadAt(folderFd, nulTerminatedPath, followLinks: false, out var size, out var modified, out var changed, out var inode, out isLink)
            ? new FileStat(size, modified, changed, inode)
            : null;

    /// <summary>
    /// Linux only: which file a handle has open, as far as a rename leaves it alone (inode, size, mtime; ctime 0: a
    /// rename changes it); null elsewhere or for anything but a regular file.
    /// </summary>
    internal static FileStat? IdentityOf(Microsoft.Win32.SafeHandles.SafeFileHandle handle) =>
        OperatingSystem.IsLinux() && Workspace.LinuxStat.TryReadHandle((int)handle.DangerousGetHandle(), out var size, out var modified, out _, out var inode)
            ? new FileStat(size, modified, 0, inode)
            : null;

    private static FileStat? ReadLinux(string path) =>
        Workspace.LinuxStat.TryRead(path, out var size, out var modified, out var changed, out var inode)
            ? new FileStat(size, modified, changed, inode)
            : null;

    private static FileStat? ReadPortable(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return null;
        }

        var ticks = info.LastWriteTimeUtc.Ticks;
        return new FileStat(info.Length, ticks * 100, info.CreationTimeUtc.Ticks * 100, 0);
    }
}
