using System.Formats.Tar;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Docker.Images;

/// <summary>The tar stream the engine builds from: exactly the files that were hashed, with fixed owners and times.</summary>
public static class ContextArchive
{
    private static readonly DateTimeOffset FixedTime = DateTimeOffset.UnixEpoch;

    /// <summary>Writes the archive to a temporary file (deleted on close) and returns it rewound.</summary>
    public static Stream Create(BuildContext context, WorkspaceLayout layout)
    {
        Directory.CreateDirectory(layout.TempFolder);
        var stream = new FileStream(
            Path.Combine(layout.TempFolder, $"context-{Guid.NewGuid():N}.tar"),
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            1 << 16,
            FileOptions.DeleteOnClose);
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var file in context.Files)
            {
                using var content = File.OpenRead(layout.FullPath(file.WorkspacePath));
                var entry = new PaxTarEntry(TarEntryType.RegularFile, file.ContextPath)
                {
                    DataStream = content,
                    ModificationTime = FixedTime,
                    Mode = file.Executable ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100,
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
