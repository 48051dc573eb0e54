using System.Formats.Tar;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Docker.Images;

/// <summary>The tar stream the engine builds from: exactly the files that were hashed, with fixed owners and times.</summary>
public static class ContextArchive
{
    private const UnixFileMode ExecutableMode = (UnixFileMode)0b111_101_101;
    private const UnixFileMode PlainMode = (UnixFileMode)0b110_100_100;
    private static readonly DateTimeOffset FixedTime = DateTimeOffset.UnixEpoch;

    /// <summary>Writes the archive to a temporary file (deleted on close) and returns it rewound.</summary>
    public static Stream Create(BuildContext context, WorkspaceLayout layout) =>
        Create(context.Files.Select(f => new ArchiveEntry(f.ContextPath, layout.FullPath(f.WorkspacePath), f.Executable)), layout.TempFolder);

    /// <summary>
    /// Writes an archive of <paramref name="entries"/> (a null source: an empty folder anyone may write to, like <c>/tmp</c>)
    /// to a temporary file in <paramref name="tempFolder"/> (deleted on close) and returns it rewound.
    /// </summary>
    public static Stream Create(IEnumerable<ArchiveEntry> entries, string tempFolder)
    {
        Directory.CreateDirectory(tempFolder);
        var stream = new FileStream(
            Path.Combine(tempFolder, $"context-{Guid.NewGuid():N}.tar"),
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            1 << 16,
            FileOptions.DeleteOnClose);
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var file in entries)
            {
                if (file.SourcePath is null)
                {
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, file.ContextPath)
                    {
                        ModificationTime = FixedTime,
                        Mode = (UnixFileMode)0b1_111_111_111,
                        Uid = 0,
                        Gid = 0,
                    });
                    continue;
                }

                using var content = File.OpenRead(file.SourcePath);
                var entry = new PaxTarEntry(TarEntryType.RegularFile, file.ContextPath)
                {
                    DataStream = content,
                    ModificationTime = FixedTime,
                    Mode = file.Executable ? ExecutableMode : PlainMode,
                    Uid = 0,
                    Gid = 0,
                };
                writer.WriteEntry(entry);
            }
        }

        stream.Position = 0;
        return stream;
    }
}
