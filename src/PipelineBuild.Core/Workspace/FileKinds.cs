namespace PipelineBuild.Core.Workspace;

/// <summary>lstat(2) as a <see cref="FileKind"/>: the entry itself, never what a symlink points to.</summary>
public static class FileKinds
{
    public static FileKind Of(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            return LinuxStat.KindOf(path);
        }

        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path) && info.LinkTarget is null)
        {
            return FileKind.Missing;
        }

        if (info.LinkTarget is not null)
        {
            return FileKind.SymbolicLink;
        }

        return (info.Attributes & FileAttributes.Directory) != 0 ? FileKind.Directory : FileKind.RegularFile;
    }

    /// <summary>
    /// Removes whatever sits at <paramref name="path"/> (a file, a link — not its target —, a FIFO, a
    /// folder tree) so a regular file can take its place.
    /// </summary>
    public static void Remove(string path)
    {
        switch (Of(path))
        {
            case FileKind.Missing:
                return;
            case FileKind.Directory:
                // Deletes links inside, never what they point to; Unix needs no attribute reset for read-only files.
                Directory.Delete(path, recursive: true);
                return;
            default:
                File.Delete(path);
                return;
        }
    }
}
