namespace PipelineBuild.Core.Hashing;

/// <summary>
/// The stat cache of the workspace a run most likely has (the pipeline file's folder), loaded on another thread while
/// the pipeline is loaded. The run takes it only for the same file, unchanged since it was read (a run that held the
/// workspace meanwhile saves a new file: another inode); otherwise the file is loaded again then, as without preload.
/// </summary>
public sealed class StatCachePreload
{
    private readonly string _path;
    private readonly Task<(FileStat? Before, StatCache Cache)> _loading;

    private StatCachePreload(string path)
    {
        _path = path;
        _loading = Task.Run(() => (FileStat.Read(path), StatCacheFile.Load(path)));
    }

    public static StatCachePreload Start(string statCacheFile) => new(Path.GetFullPath(statCacheFile));

    /// <summary>The stat cache in <paramref name="statCacheFile"/> as it is now: the preloaded one when it still is.</summary>
    public StatCache Take(string statCacheFile)
    {
        if (string.Equals(Path.GetFullPath(statCacheFile), _path, StringComparison.Ordinal))
        {
            var (before, cache) = _loading.GetAwaiter().GetResult();
            if (FileStat.Read(_path) == before)
            {
                return cache;
            }
        }

        return StatCacheFile.Load(statCacheFile);
    }
}
