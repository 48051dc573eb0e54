using System.Collections.Concurrent;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// Remembers the digest of a file under its (size, mtime, ctime, inode), so an unchanged tree is
/// not read again. mtime only shortcuts hashing; it never decides freshness on its own.
/// </summary>
public sealed class StatCache
{
    private readonly ConcurrentDictionary<string, StatCacheEntry> _entries;

    public StatCache()
        : this(new ConcurrentDictionary<string, StatCacheEntry>(StringComparer.Ordinal))
    {
    }

    internal StatCache(ConcurrentDictionary<string, StatCacheEntry> entries)
    {
        _entries = entries;
    }

    public bool IsDirty { get; private set; }

    public int Count => _entries.Count;

    internal IEnumerable<KeyValuePair<string, StatCacheEntry>> Entries => _entries;

    public bool TryGet(string relativePath, FileStat stat, out ContentDigest digest)
    {
        if (_entries.TryGetValue(relativePath, out var entry) && entry.Stat == stat)
        {
            digest = entry.Digest;
            return true;
        }

        digest = default;
        return false;
    }

    public void Set(string relativePath, FileStat stat, ContentDigest digest)
    {
        var entry = new StatCacheEntry(stat, digest);
        if (!_entries.TryGetValue(relativePath, out var existing) || existing != entry)
        {
            _entries[relativePath] = entry;
            IsDirty = true;
        }
    }

    public void Remove(string relativePath)
    {
        if (_entries.TryRemove(relativePath, out _))
        {
            IsDirty = true;
        }
    }
}
