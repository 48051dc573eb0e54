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
        var temp = TempPathBeside(path);
        try
        {
            using (var stream = CreateTemp(temp))
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

    /// <summary>The temp file; its folder is made only when missing (not a failing <c>mkdir</c> and a <c>stat</c> per write).</summary>
    private static FileStream CreateTemp(string temp)
    {
        try
        {
            return new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        }
        catch (IOException e) when (OpenFailure.FolderWasMissing(e))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
            return new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
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
