using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Runs.Git;

/// <summary>
/// The git index of the repository holding the workspace, read on another thread while the pipeline loads and its plan
/// is made (as <see cref="StatCachePreload"/> does for the stat cache): the run record's dirty check needs it only at
/// the end, where reading a large index (≈ 9 MB for 100,000 files) would be waited for. The check takes the bytes only
/// for the same file, unchanged since they were read (git writes a new index by renaming: another inode); otherwise,
/// and when the early read found no repository or no index, it reads the file again then, as without preload. Nothing
/// is read early when the dirty check's memo was written for this very index (<see cref="GitDirtyMemo.RemembersIndexOf"/>):
/// a no-op then takes the memo's answer and needs no index at all.
/// </summary>
public sealed class GitIndexPreload
{
    private readonly Task<(string? Path, FileStat? Before, byte[]? Data)> _reading;

    // A thread of its own: on the pool it would queue behind the plan's stats and start only once they are done.
    private GitIndexPreload(string workspaceRoot, GitDirtyMemo? memo) =>
        _reading = Task.Factory.StartNew(() => Read(workspaceRoot, memo), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <param name="memo">The dirty check's memo: when it names the index as it is, nothing is read early.</param>
    public static GitIndexPreload Start(string workspaceRoot, GitDirtyMemo? memo = null) => new(Path.GetFullPath(workspaceRoot), memo);

    /// <summary>The bytes of the index at <paramref name="indexPath"/> if they were read early and the file is unchanged since; else null.</summary>
    public byte[]? Take(string indexPath)
    {
        var (path, before, data) = _reading.GetAwaiter().GetResult();
        return path is not null && data is not null && before is not null && string.Equals(path, Path.GetFullPath(indexPath), StringComparison.Ordinal)
            && FileStat.Read(path) == before
            ? data
            : null;
    }

    private static (string? Path, FileStat? Before, byte[]? Data) Read(string workspaceRoot, GitDirtyMemo? memo)
    {
        try
        {
            if (GitRepositoryLocation.Find(workspaceRoot) is not { } repository || memo?.RemembersIndexOf(repository) == true)
            {
                return (null, null, null);
            }

            var path = Path.GetFullPath(Path.Combine(repository.GitDirectory, "index"));
            var before = FileStat.Read(path);
            return before is { Size: <= GitIndex.MaxIndexBytes } ? (path, before, File.ReadAllBytes(path)) : (null, null, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, null, null);
        }
    }
}
