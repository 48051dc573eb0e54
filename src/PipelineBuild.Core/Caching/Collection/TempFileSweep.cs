using System.Globalization;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Caching.Collection;

/// <summary>
/// Removes the temp files a writer killed half-way left beside the files it writes atomically
/// (<see cref="AtomicFile.TempPathBeside"/>: <c>.&lt;name&gt;.&lt;pid&gt;.&lt;guid&gt;.tmp</c>), e.g. in
/// <c>.pipeline/definitions/</c>. One is a leftover when the process named in it is gone, or when it is older than
/// <see cref="MaxAge"/> (an atomic write takes milliseconds; a reused process id must not keep it forever): a live
/// writer's file is never taken from under it. Only entries directly in the folder; a folder that is a link is not
/// entered, and a link named like a temp file is removed itself, never what it points to.
/// </summary>
public static class TempFileSweep
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    public static StagingSwept Sweep(string folder, DateTime nowUtc, bool dryRun)
    {
        if (FileKinds.Of(folder) != FileKind.Directory)
        {
            return new StagingSwept(0, 0);
        }

        var count = 0;
        long bytes = 0;
        foreach (var path in Directory.EnumerateFileSystemEntries(folder, ".*.tmp"))
        {
            var kind = FileKinds.Of(path);
            if (kind == FileKind.Directory || WriterOf(Path.GetFileName(path)) is not { } pid || !IsLeftover(path, pid, nowUtc))
            {
                continue;
            }

            var size = kind == FileKind.RegularFile ? new FileInfo(path).Length : 0;
            if (dryRun || TryDelete(path))
            {
                count++;
                bytes += size;
            }
        }

        return new StagingSwept(count, bytes);
    }

    /// <summary>The process id in <c>.&lt;name&gt;.&lt;pid&gt;.&lt;32 hex&gt;.tmp</c>; null for any other name.</summary>
    private static int? WriterOf(string name)
    {
        var parts = name[..^".tmp".Length].Split('.');
        return parts.Length >= 4 && parts[^1].Length == 32 && parts[^1].All(char.IsAsciiHexDigit)
            && int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid
            : null;
    }

    private static bool IsLeftover(string path, int pid, DateTime nowUtc) =>
        ProcessIdentity.StartTime(pid) is null || nowUtc - File.GetLastWriteTimeUtc(path) > MaxAge;

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
