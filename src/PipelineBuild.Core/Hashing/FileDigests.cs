using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Text;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Hashing;

/// <summary>Digests of workspace files: from the stat cache when the file is unchanged, else hashed (in parallel).</summary>
public sealed class FileDigests
{
    private const long ParallelThresholdBytes = 4L << 20;
    private const int ParallelThresholdFiles = 256;

    private readonly WorkspaceLayout _layout;
    private readonly int _parallelism;

    /// <summary>The root as UTF-8 with a trailing <c>/</c> (Linux): a file's stat path is built on the stack, not as a string.</summary>
    private readonly byte[]? _rootUtf8;

    public FileDigests(WorkspaceLayout layout, StatCache statCache, int parallelism)
    {
        _layout = layout;
        _rootUtf8 = OperatingSystem.IsLinux() ? Encoding.UTF8.GetBytes(Path.TrimEndingDirectorySeparator(layout.Root) + "/") : null;
        StatCache = statCache;
        _parallelism = Math.Max(1, parallelism);
    }

    public StatCache StatCache { get; }

    /// <summary>The digest of a file, or null when it does not exist or is not a regular file.</summary>
    public ContentDigest? TryGet(string relativePath)
    {
        var fullPath = _layout.FullPath(relativePath);
        if (FileStat.Read(fullPath) is not { } stat)
        {
            return null;
        }

        if (StatCache.TryGet(relativePath, stat, out var digest))
        {
            return digest;
        }

        digest = FileHasher.Hash(fullPath);
        Remember(relativePath, fullPath, stat, digest);
        return digest;
    }

    /// <summary>
    /// Digests of existing files, in the given order. Many files are looked at in parallel (a stat each,
    /// then the stat cache), and misses are hashed in parallel when there are many or they are large;
    /// each file is read at most once.
    /// </summary>
    public ContentDigest[] GetAll(IReadOnlyList<string> relativePaths)
    {
        var digests = new ContentDigest[relativePaths.Count];
        var misses = new ConcurrentBag<(int Index, FileStat Stat)>();
        var parallel = _parallelism > 1 && relativePaths.Count >= ParallelThresholdFiles;
        if (parallel)
        {
            try
            {
                Parallel.ForEach(Partitioner.Create(0, relativePaths.Count, ParallelThresholdFiles / 2), new ParallelOptions { MaxDegreeOfParallelism = _parallelism }, range =>
                {
                    for (var i = range.Item1; i < range.Item2; i++)
                    {
                        Look(relativePaths, i, digests, misses);
                    }
                });
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                // The caller expects what a sequential look throws (a missing file), not the wrapper.
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
        }
        else
        {
            for (var i = 0; i < relativePaths.Count; i++)
            {
                Look(relativePaths, i, digests, misses);
            }
        }

        var missed = misses.ToArray();
        var missBytes = missed.Sum(m => m.Stat.Size);
        if (_parallelism > 1 && missed.Length > 1 && (missBytes >= ParallelThresholdBytes || missed.Length >= ParallelThresholdFiles))
        {
            Parallel.ForEach(missed, new ParallelOptions { MaxDegreeOfParallelism = _parallelism }, miss => HashMiss(relativePaths, digests, miss));
        }
        else
        {
            foreach (var miss in missed)
            {
                HashMiss(relativePaths, digests, miss);
            }
        }

        return digests;
    }

    private void Look(IReadOnlyList<string> relativePaths, int i, ContentDigest[] digests, ConcurrentBag<(int Index, FileStat Stat)> misses)
    {
        var stat = Stat(relativePaths[i])
            ?? throw new FileNotFoundException($"'{relativePaths[i]}' does not exist or is not a file.", relativePaths[i]);
        if (StatCache.TryGet(relativePaths[i], stat, out var digest))
        {
            digests[i] = digest;
        }
        else
        {
            misses.Add((i, stat));
        }
    }

    /// <summary>The stat of a workspace file; on Linux through a path built on the stack (no full-path string per file).</summary>
    private FileStat? Stat(string relativePath)
    {
        if (_rootUtf8 is null || Path.IsPathRooted(relativePath))
        {
            return FileStat.Read(_layout.FullPath(relativePath));
        }

        var length = _rootUtf8.Length + Encoding.UTF8.GetMaxByteCount(relativePath.Length) + 1;
        byte[]? rented = null;
        var path = length <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            _rootUtf8.CopyTo(path);
            var end = _rootUtf8.Length + Encoding.UTF8.GetBytes(relativePath, path[_rootUtf8.Length..]);
            path[end] = 0;
            return FileStat.ReadUtf8(path[..(end + 1)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Records a digest already computed elsewhere (e.g. while copying into the store), so it is not read again.</summary>
    public void Remember(string relativePath, ContentDigest digest)
    {
        var fullPath = _layout.FullPath(relativePath);
        if (FileStat.Read(fullPath) is { } stat)
        {
            Remember(relativePath, fullPath, stat, digest);
        }
    }

    /// <summary>
    /// Remembers a digest computed from the file as it was at <paramref name="statBefore"/> (read before its bytes were),
    /// only if the file has not changed since: one stat, and no entry for a file written to while it was read.
    /// </summary>
    public void Remember(string relativePath, FileStat statBefore, ContentDigest digest) =>
        Remember(relativePath, _layout.FullPath(relativePath), statBefore, digest);

    private void HashMiss(IReadOnlyList<string> relativePaths, ContentDigest[] digests, (int Index, FileStat Stat) miss)
    {
        var relativePath = relativePaths[miss.Index];
        var fullPath = _layout.FullPath(relativePath);
        var digest = FileHasher.Hash(fullPath);
        digests[miss.Index] = digest;
        Remember(relativePath, fullPath, miss.Stat, digest);
    }

    private void Remember(string relativePath, string fullPath, FileStat statBefore, ContentDigest digest)
    {
        // A file that changed while it was read must not be cached under either stat.
        if (FileStat.Read(fullPath) == statBefore)
        {
            StatCache.Set(relativePath, statBefore, digest);
        }
    }
}
