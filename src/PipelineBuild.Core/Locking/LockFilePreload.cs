using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Locking;

/// <summary>
/// The lock file of the pipeline a run most likely has, read and parsed on another thread while the pipeline is
/// loaded (as <see cref="StatCachePreload"/> does for the stat cache). The run takes it only for the same path,
/// unchanged since it was read (a run that held the workspace meanwhile wrote a new file: another inode); otherwise,
/// and whenever the early read found no file, another schema or a damaged one, it is read again then, as without preload.
/// </summary>
public sealed class LockFilePreload
{
    private readonly string _path;
    private readonly Task<(FileStat? Before, Dictionary<string, LockEntry>? Steps)> _reading;

    private LockFilePreload(string path)
    {
        _path = path;
        _reading = Task.Run(() => (FileStat.Read(path), ReadCurrentSchema(path)));
    }

    public static LockFilePreload Start(string lockFile) => new(Path.GetFullPath(lockFile));

    /// <summary>The lock file at <paramref name="lockFile"/> as it is now (see <see cref="LockFileSerializer.Read"/>).</summary>
    public LockFile Take(string lockFile, string pipeline, Action<string> warn)
    {
        if (string.Equals(Path.GetFullPath(lockFile), _path, StringComparison.Ordinal))
        {
            var (before, steps) = _reading.GetAwaiter().GetResult();
            if (steps is not null && before is not null && FileStat.Read(_path) == before)
            {
                return new LockFile(pipeline, steps);
            }
        }

        return LockFileSerializer.Read(lockFile, pipeline, warn);
    }

    private static Dictionary<string, LockEntry>? ReadCurrentSchema(string path)
    {
        try
        {
            using var stream = LockFileSerializer.TryOpen(path);
            if (stream is null)
            {
                return null;
            }

            var (schema, steps) = new LockFileReader(stream).Read();
            return schema == LockFile.Schema ? steps : null;
        }
        catch (Exception)
        {
            // Whatever went wrong is met again, and reported, by the read the run then makes.
            return null;
        }
    }
}
