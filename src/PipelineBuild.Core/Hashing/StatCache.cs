using System.Collections.Concurrent;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// Remembers the digest of a file under its (size, mtime, ctime, inode), so an unchanged tree is
/// not read again. mtime only shortcuts hashing; it never decides freshness on its own.
/// </summary>
public sealed class StatCache
{
    private readonly ConcurrentDictionary<string, StatCacheEntry> _entries;
    private readonly ConcurrentDictionary<string, FileStat> _seen;
    private readonly TimeProvider _clock;

    /// <param name="clock">"Now" for the racy window (tests pass a fixed one).</param>
    public StatCache(TimeProvider? clock = null)
        : this(new ConcurrentDictionary<string, StatCacheEntry>(StringComparer.Ordinal), clock)
    {
    }

    internal StatCache(ConcurrentDictionary<string, StatCacheEntry> entries, TimeProvider? clock = null)
    {
        _entries = entries;
        _seen = new ConcurrentDictionary<string, FileStat>(Environment.ProcessorCount, Math.Max(31, entries.Count), StringComparer.Ordinal);
        _clock = clock ?? TimeProvider.System;
    }

    public bool IsDirty { get; private set; }

    public int Count => _entries.Count;

    /// <summary>The entries worth saving: racy ones are left out.</summary>
    internal IEnumerable<KeyValuePair<string, StatCacheEntry>> DurableEntries => _entries.Where(e => !e.Value.Racy);

    public bool TryGet(string relativePath, FileStat stat, out ContentDigest digest)
    {
        if (_entries.TryGetValue(relativePath, out var entry) && entry.Stat == stat)
        {
            _seen[relativePath] = stat;
            digest = entry.Digest;
            return true;
        }

        digest = default;
        return false;
    }

    /// <summary>The stat a file had when this run last looked at it (a hit or a hash); null for files this run did not look at.</summary>
    public FileStat? SeenThisRun(string relativePath) => _seen.TryGetValue(relativePath, out var stat) ? stat : null;

    /// <summary>How close to "now" a file's last change may be before its stat can no longer prove it unchanged.</summary>
    public static readonly TimeSpan RacyWindow = TimeSpan.FromMilliseconds(100);

    public void Set(string relativePath, FileStat stat, ContentDigest digest)
    {
        var now = (_clock.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000L) - (long)(RacyWindow.TotalMilliseconds * 1_000_000L);
        var racy = Math.Max(stat.ModifiedNanoseconds, stat.ChangedNanoseconds) >= now;
        var entry = new StatCacheEntry(stat, digest, racy);
        _seen[relativePath] = stat;
        if (!_entries.TryGetValue(relativePath, out var existing) || existing != entry)
        {
            _entries[relativePath] = entry;
            IsDirty = true;
        }
    }
}
