using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Caching.Collection;

/// <summary>
/// What runs killed half-way leave in the cache's <c>tmp/</c> folder: restore staging folders and image
/// build contexts, which only a run makes and no run ever reads again. Only for a caller that holds the
/// workspace lock (no run is using them then). Links are removed, never followed.
/// </summary>
public static class StagingSweep
{
    private static readonly string[] LeftoverPrefixes = ["restore-", "context-"];

    public static StagingSwept Sweep(string tempFolder, bool dryRun)
    {
        if (FileKinds.Of(tempFolder) != FileKind.Directory)
        {
            return new StagingSwept(0, 0);
        }

        var count = 0;
        long bytes = 0;
        foreach (var path in Directory.EnumerateFileSystemEntries(tempFolder))
        {
            var name = Path.GetFileName(path);
            if (!LeftoverPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            var size = FileKinds.Of(path) switch
            {
                FileKind.Directory => SizeOfFolder(path),
                FileKind.RegularFile => new FileInfo(path).Length,
                _ => 0,
            };
            if (dryRun || TryRemove(path))
            {
                count++;
                bytes += size;
            }
        }

        return new StagingSwept(count, bytes);
    }

    private static long SizeOfFolder(string folder) =>
        new DirectoryInfo(folder)
            .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true })
            .Sum(f => f.Length);

    private static bool TryRemove(string path)
    {
        try
        {
            if (FileKinds.Of(path) == FileKind.Directory)
            {
                // Recursive deletion removes links inside the folder, never what they point to.
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
