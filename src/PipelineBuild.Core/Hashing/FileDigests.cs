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

    /// <summary>The root as UTF-8 with a trailing <c>/</c> (Linux): stat paths are built on the stack, not as strings.</summary>
    private readonly byte[]? _rootUtf8;

    /// <summary>Stats taken ahead (<see cref="StatAhead"/>); null outside such a scope.</summary>
    private StatsAhead? _statsAhead;

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
        var ahead = Volatile.Read(ref _statsAhead);
        string? fullPath = null;
        if ((ahead is not null && ahead.TryGet(relativePath, out var early) ? early : FileStat.Read(fullPath = _layout.FullPath(relativePath))) is not { } stat)
        {
            return null;
        }

        if (StatCache.TryGet(relativePath, stat, out var digest))
        {
            return digest;
        }

        return Hash(relativePath, fullPath ?? _layout.FullPath(relativePath), stat);
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
        var links = new LinkChecks(_layout);
        if (parallel)
        {
            // Few large ranges: each opens the folders it passes through once.
            var rangeSize = Math.Max(ParallelThresholdFiles / 2, relativePaths.Count / (_parallelism * 8));
            try
            {
                Parallel.ForEach(Partitioner.Create(0, relativePaths.Count, rangeSize), new ParallelOptions { MaxDegreeOfParallelism = _parallelism }, range =>
                {
                    using var cursor = NewCursor();
                    var hint = default(FindHint);
                    for (var i = range.Item1; i < range.Item2; i++)
                    {
                        Look(relativePaths, i, digests, misses, cursor, links, ref hint);
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
            using var cursor = NewCursor();
            var hint = default(FindHint);
            for (var i = 0; i < relativePaths.Count; i++)
            {
                Look(relativePaths, i, digests, misses, cursor, links, ref hint);
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

    /// <summary>
    /// Stats <paramref name="relativePaths"/> now, folder by folder (a stat relative to an open folder each) and in
    /// parallel when they are many, and lets <see cref="TryGet"/> take those stats instead of a full-path stat each,
    /// until the returned scope is disposed. For a plan, which decides from the workspace as it is when the plan starts
    /// and writes nothing meanwhile: the scope must end before any step runs or any output is restored.
    /// </summary>
    public IDisposable StatAhead(IReadOnlyList<string> relativePaths)
    {
        var ordered = ByFolder(relativePaths);
        var stats = new FileStat?[ordered.Length];
        if (_parallelism > 1 && ordered.Length >= ParallelThresholdFiles)
        {
            // One range per core: each opens the folders it passes through once.
            var rangeSize = (ordered.Length + _parallelism - 1) / _parallelism;
            Parallel.ForEach(Partitioner.Create(0, ordered.Length, rangeSize), new ParallelOptions { MaxDegreeOfParallelism = _parallelism }, range =>
                StatRange(ordered, stats, range.Item1, range.Item2));
        }
        else
        {
            StatRange(ordered, stats, 0, ordered.Length);
        }

        // Each path's place in the stats, not a copy of its stat (40 bytes) in the map: 2,000 entries for a W1 no-op.
        var places = new Dictionary<string, int>(ordered.Length, StringComparer.Ordinal);
        for (var i = 0; i < ordered.Length; i++)
        {
            places[ordered[i]] = i;
        }

        var ahead = new StatsAhead(places, stats);
        Volatile.Write(ref _statsAhead, ahead);
        return new StatsAheadScope(this, ahead);
    }

    /// <summary>The paths grouped by folder (first seen first), so that a cursor opens each folder once.</summary>
    private static string[] ByFolder(IReadOnlyList<string> relativePaths)
    {
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var lookup = groups.GetAlternateLookup<ReadOnlySpan<char>>();
        var order = new List<List<string>>();
        for (var i = 0; i < relativePaths.Count; i++)
        {
            var path = relativePaths[i];
            var folder = path.AsSpan(0, Math.Max(0, path.LastIndexOf('/')));
            if (!lookup.TryGetValue(folder, out var group))
            {
                group = [];
                lookup[folder] = group;
                order.Add(group);
            }

            group.Add(path);
        }

        var ordered = new string[relativePaths.Count];
        var next = 0;
        foreach (var group in order)
        {
            group.CopyTo(ordered, next);
            next += group.Count;
        }

        return ordered;
    }

    private void StatRange(string[] paths, FileStat?[] stats, int from, int to)
    {
        using var cursor = NewCursor();
        for (var i = from; i < to; i++)
        {
            var path = paths[i];
            stats[i] = cursor is null || Path.IsPathRooted(path) ? FileStat.Read(_layout.FullPath(path)) : cursor.Read(path);
        }
    }

    private FolderStatCursor? NewCursor() => _rootUtf8 is null ? null : new FolderStatCursor(_rootUtf8);

    private void Look(IReadOnlyList<string> relativePaths, int i, ContentDigest[] digests, ConcurrentBag<(int Index, FileStat Stat)> misses, FolderStatCursor? cursor, LinkChecks links, ref FindHint hint)
    {
        var relativePath = relativePaths[i];
        if (StatCache.TryGetUnchanged(relativePath, out var unchanged, ref hint))
        {
            digests[i] = unchanged;
            return;
        }

        var stat = (cursor is null || Path.IsPathRooted(relativePath) ? FileStat.Read(_layout.FullPath(relativePath)) : ReadChecked(cursor, relativePath, links))
            ?? throw new FileNotFoundException($"'{relativePath}' does not exist or is not a file.", relativePath);
        if (StatCache.TryGet(relativePath, stat, out var digest, ref hint))
        {
            digests[i] = digest;
        }
        else
        {
            misses.Add((i, stat));
        }
    }

    /// <summary>
    /// A file's stat, a link followed only once checked (<see cref="LinkGuard"/>): the paths come from listings that
    /// checked their links, but a listing remembered in the stat cache could name a link "file", and a file could have
    /// been replaced by a link since it was listed. The same single statx for a file that is no link.
    /// </summary>
    private static FileStat? ReadChecked(FolderStatCursor cursor, string relativePath, LinkChecks links)
    {
        if (cursor.ReadEntry(relativePath, out var isLink) is { } stat)
        {
            return stat;
        }

        if (!isLink)
        {
            return null;
        }

        links.Check(relativePath);
        return cursor.Read(relativePath);
    }

    /// <summary>The links one <see cref="GetAll"/> meets, checked by one guard (made at the first), one thread at a time.</summary>
    private sealed class LinkChecks(WorkspaceLayout layout)
    {
        private readonly Lock _gate = new();
        private LinkGuard? _guard;

        public void Check(string relativePath)
        {
            lock (_gate)
            {
                (_guard ??= new LinkGuard(layout)).Check(relativePath);
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
        digests[miss.Index] = Hash(relativePath, _layout.FullPath(relativePath), miss.Stat);
    }

    /// <summary>Hashes a file the stat cache did not know, and remembers its digest if it did not change meanwhile.</summary>
    private ContentDigest Hash(string relativePath, string fullPath, FileStat stat)
    {
        if (FileHasher.TryHashSmall(fullPath, stat) is { } small)
        {
            if (small.Unchanged)
            {
                // Stat'ed through the descriptor it was read from: a file replaced meanwhile is another inode next time.
                StatCache.Set(relativePath, stat, small.Digest);
            }

            return small.Digest;
        }

        var digest = FileHasher.Hash(fullPath);
        Remember(relativePath, fullPath, stat, digest);
        return digest;
    }

    private void Remember(string relativePath, string fullPath, FileStat statBefore, ContentDigest digest)
    {
        // A file that changed while it was read must not be cached under either stat.
        if (FileStat.Read(fullPath) == statBefore)
        {
            StatCache.Set(relativePath, statBefore, digest);
        }
    }

    /// <summary>Stats taken ahead, and each path's place among them (a path listed twice: its last place, as the map had it).</summary>
    private sealed class StatsAhead(Dictionary<string, int> places, FileStat?[] stats)
    {
        public bool TryGet(string relativePath, out FileStat? stat)
        {
            var found = places.TryGetValue(relativePath, out var place);
            stat = found ? stats[place] : null;
            return found;
        }
    }

    private sealed class StatsAheadScope(FileDigests digests, StatsAhead stats) : IDisposable
    {
        public void Dispose() => Interlocked.CompareExchange(ref digests._statsAhead, null, stats);
    }
}
