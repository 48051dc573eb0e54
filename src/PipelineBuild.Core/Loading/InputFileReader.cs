using System.Text;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Loading;

/// <summary>
/// Reads the files a user names (the pipeline file, params files) as hostile input: regular files
/// only (a FIFO or a device would block or never end) and at most <see cref="MaxBytes"/>, so no
/// file can hang the tool or exhaust its memory.
/// </summary>
internal static class InputFileReader
{
    /// <summary>8 MiB: a hundred times the largest pipeline we know of, far below what loading can hold.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    /// <param name="inputs">Told the SHA-256 of the bytes read, for the definition cache's key.</param>
    public static InputFileRead Read(string path, LoadInputs? inputs = null)
    {
        var read = ReadBytes(path, out var content);
        if (read is not null)
        {
            return read;
        }

        var bytes = content!.GetBuffer().AsSpan(0, (int)content.Length);
        inputs?.FileRead(path, SmallSha256.HashData(bytes));
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return new InputFileRead.Text(reader.ReadToEnd());
    }

    /// <summary>The SHA-256 of what <see cref="Read"/> would parse now, or null when it would refuse the file.</summary>
    public static byte[]? TryHash(string path)
    {
        if (Refuse(path) is not null)
        {
            return null;
        }

        try
        {
            // Hashed as it is read: a no-op checks the pipeline file this way, and need not hold it whole.
            using var stream = Open(path);
            return stream.Length > MaxBytes ? null : SmallSha256.HashData(stream, MaxBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);

    private static InputFileRead.Refused? ReadBytes(string path, out MemoryStream? content)
    {
        content = null;
        if (Refuse(path) is { } refused)
        {
            return refused;
        }

        try
        {
            using var stream = Open(path);
            if (stream.Length > MaxBytes)
            {
                return TooLarge();
            }

            // Counted while reading too: the file may grow meanwhile, or report no length at all.
            var buffer = new MemoryStream((int)stream.Length);
            var chunk = new byte[1 << 16];
            int count;
            while ((count = stream.Read(chunk)) > 0)
            {
                if (buffer.Length + count > MaxBytes)
                {
                    return TooLarge();
                }

                buffer.Write(chunk, 0, count);
            }

            buffer.Position = 0;
            content = buffer;
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new InputFileRead.Refused(LoaderCodes.FileUnreadable, IoErrorText.Describe(e), "check the path and that you may read the file");
        }
    }

    private static InputFileRead.Refused? Refuse(string path)
    {
        if (Directory.Exists(path))
        {
            return new(LoaderCodes.NotRegularFile, "it is a folder, not a file", "pass the file itself");
        }

        if (!File.Exists(path))
        {
            return new(LoaderCodes.FileUnreadable, "the file does not exist", "check the path");
        }

        // statx follows a symlink to what it names and reports only regular files.
        if (OperatingSystem.IsLinux() && !Workspace.LinuxStat.TryRead(path, out _, out _, out _, out _))
        {
            return new(LoaderCodes.NotRegularFile, "it is not a regular file (a FIFO, socket or device)", "pass a regular file; a pipe or device may block or never end");
        }

        return null;
    }

    private static InputFileRead.Refused TooLarge() =>
        new(
            LoaderCodes.FileTooLarge,
            $"it is larger than {MaxBytes / (1024 * 1024)} MiB, the limit for pipeline and params files",
            "split it, or keep large data in input files that steps read");
}
