namespace PipelineBuild.Core.Workspace;

/// <summary>
/// Writes a file so readers see the old or the new content, never a part: a temp file in the same
/// folder, then renamed over the target. Only durable writes pay for fsync: every
/// reader of cache files verifies what it reads, so a torn write after a power loss is a miss, not a lie.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write, bool durable = false)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temp = TempPathBeside(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: durable);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static void WriteAllText(string path, string content, bool durable = false) =>
        Write(
            path,
            stream =>
            {
                using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
                writer.Write(content);
            },
            durable);

    /// <summary>A unique temp name beside <paramref name="path"/>, so the final rename never crosses file systems.</summary>
    public static string TempPathBeside(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
