using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Caching.Collection;

/// <summary>
/// Removes from a local cache (<c>cas/</c> objects, <c>ac/</c> entries) what has not been used for longer
/// than the keep age, then the least recently used until it fits the size limit. An entry's last use is its
/// modification time (written, or last hit: <see cref="ActionCache"/> marks hits; access times are not
/// trusted, reading would change them and many file systems do not keep them); an object lives as long as
/// the newest entry that names it, and never goes while a kept entry or a lock file (<see cref="CachePins"/>)
/// still needs it. Nothing written since the collection started is touched. The caller holds the workspace lock.
/// Packed entries (<see cref="ActionPacks"/>) are first unpacked into entry files dated as their pack; a pack still
/// being written keeps its entries, and the objects they name, this time.
/// </summary>
public sealed class CacheCollector
{
    private readonly string _contentFolder;
    private readonly string _actionFolder;
    private readonly ContentStore _store;

    public CacheCollector(string contentFolder, string actionFolder)
    {
        _contentFolder = contentFolder;
        _actionFolder = actionFolder;
        _store = new ContentStore(contentFolder);
    }

    /// <param name="dryRun">Decide and count, remove nothing.</param>
    public CacheCollection Collect(CacheLimits limits, CachePins pins, DateTime nowUtc, bool dryRun = false)
    {
        var cutoff = nowUtc - limits.KeepAge;
        if (!dryRun && (FileKinds.Of(_actionFolder) == FileKind.Directory || IsLinkToFolder(_actionFolder)))
        {
            ActionPacks.Unpack(_actionFolder, nowUtc);
        }

        var objects = ReadObjects();
        var (entries, damaged) = ReadEntries();
        entries.AddRange(ReadPacked(dryRun));
        var references = new Dictionary<ContentDigest, int>();
        foreach (var entry in entries)
        {
            foreach (var digest in entry.Needs)
            {
                references[digest] = references.GetValueOrDefault(digest) + 1;
                if (objects.TryGetValue(digest, out var needed) && entry.LastUsed > needed.LastUsed)
                {
                    needed.LastUsed = entry.LastUsed;
                }
            }
        }

        var removedEntries = 0;
        var removedObjects = 0;
        long freed = 0;
        foreach (var entry in damaged)
        {
            freed += Remove(entry.Path!, entry.Bytes, dryRun);
        }

        var total = objects.Values.Sum(o => o.Bytes) + entries.Sum(e => e.Bytes);
        var removable = entries.Where(e => !pins.Entries.Contains(e.Key) && e.Written < nowUtc && e.Path is not null).ToList();

        // By age: entries first, then the objects nothing kept names any more.
        foreach (var entry in removable.Where(e => e.LastUsed < cutoff).ToList())
        {
            DropEntry(entry, forSize: false);
        }

        foreach (var item in objects.Values.Where(o => IsOrphan(o) && o.LastUsed < cutoff).ToList())
        {
            DropObject(item);
        }

        // By size: the least recently used entry or unnamed object goes first, until the cache fits.
        if (limits.MaxBytes is { } max && total > max)
        {
            var queue = removable.Select(e => (e.LastUsed, Entry: (CachedEntry?)e, Object: (CachedObject?)null))
                .Concat(objects.Values.Where(IsOrphan).Select(o => (o.LastUsed, Entry: (CachedEntry?)null, Object: (CachedObject?)o)))
                .OrderBy(c => c.LastUsed)
                .ToList();
            foreach (var (_, entry, item) in queue)
            {
                if (total <= max)
                {
                    break;
                }

                if (entry is not null)
                {
                    DropEntry(entry, forSize: true);
                }
                else if (objects.ContainsKey(item!.Digest))
                {
                    DropObject(item);
                }
            }
        }

        var pinnedBytes = objects.Values.Where(o => pins.Objects.Contains(o.Digest)).Sum(o => o.Bytes);
        return new CacheCollection(removedEntries, removedObjects, freed, entries.Count, objects.Count, total, pinnedBytes, damaged.Count);

        bool IsOrphan(CachedObject item) =>
            references.GetValueOrDefault(item.Digest) == 0 && !pins.Objects.Contains(item.Digest) && item.Written < nowUtc;

        void DropEntry(CachedEntry entry, bool forSize)
        {
            if (!entries.Remove(entry))
            {
                return;
            }

            removable.Remove(entry);
            var bytes = Remove(entry.Path!, entry.Bytes, dryRun);
            freed += bytes;
            total -= entry.Bytes;
            removedEntries++;
            foreach (var digest in entry.Needs)
            {
                references[digest]--;
                if (objects.TryGetValue(digest, out var item) && IsOrphan(item) && (forSize || item.LastUsed < cutoff))
                {
                    DropObject(item);
                }
            }
        }

        void DropObject(CachedObject item)
        {
            if (!objects.Remove(item.Digest))
            {
                return;
            }

            freed += Remove(item.Path, item.Bytes, dryRun);
            total -= item.Bytes;
            removedObjects++;
        }
    }

    private static long Remove(string path, long bytes, bool dryRun)
    {
        if (dryRun)
        {
            return bytes;
        }

        try
        {
            File.Delete(path);
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private Dictionary<ContentDigest, CachedObject> ReadObjects()
    {
        var objects = new Dictionary<ContentDigest, CachedObject>();
        if (FileKinds.Of(_contentFolder) != FileKind.Directory && !IsLinkToFolder(_contentFolder))
        {
            return objects;
        }

        foreach (var shard in Directory.EnumerateDirectories(_contentFolder).Where(IsShard))
        {
            foreach (var file in new DirectoryInfo(shard).EnumerateFiles())
            {
                if (ContentDigest.TryParse(file.Name, out var digest) && file.LinkTarget is null)
                {
                    objects[digest] = new CachedObject(digest, file.FullName, file.Length, file.LastWriteTimeUtc);
                }
            }
        }

        return objects;
    }

    private (List<CachedEntry> Entries, List<CachedEntry> Damaged) ReadEntries()
    {
        var entries = new List<CachedEntry>();
        var damaged = new List<CachedEntry>();
        if (FileKinds.Of(_actionFolder) != FileKind.Directory && !IsLinkToFolder(_actionFolder))
        {
            return (entries, damaged);
        }

        foreach (var shard in Directory.EnumerateDirectories(_actionFolder).Where(IsShard))
        {
            foreach (var file in new DirectoryInfo(shard).EnumerateFiles("*.json"))
            {
                if (!ContentDigest.TryParse(Path.GetFileNameWithoutExtension(file.Name), out var digest) || file.LinkTarget is not null)
                {
                    continue;
                }

                var key = new ActionKey(digest);
                var entry = TryParse(file.FullName, key);
                var needs = entry is null ? [] : NeedsOf(entry);
                (entry is null ? damaged : entries).Add(new CachedEntry(key, file.FullName, file.Length, file.LastWriteTimeUtc, needs));
            }
        }

        return (entries, damaged);
    }

    /// <summary>
    /// The entries still in packs: after unpacking, those of packs being written, kept (they have no file to remove);
    /// in a dry run, every packed entry, as unpacking would have made it (removing it is only counted).
    /// </summary>
    private IEnumerable<CachedEntry> ReadPacked(bool dryRun)
    {
        if (FileKinds.Of(_actionFolder) != FileKind.Directory && !IsLinkToFolder(_actionFolder))
        {
            return [];
        }

        return ActionPacks.Entries(_actionFolder)
            .Select(p => (p.Entry, p.LastWriteUtc, Parsed: p.Entry.TryParse()))
            .Where(p => p.Parsed is not null)
            .Select(p => new CachedEntry(p.Entry.Key, dryRun ? p.Entry.PackPath : null, p.Entry.Length, p.LastWriteUtc, NeedsOf(p.Parsed!)))
            .ToList();
    }

    private List<ContentDigest> NeedsOf(ActionEntry entry)
    {
        var needs = new List<ContentDigest>();
        foreach (var output in entry.Outputs)
        {
            needs.Add(output.Digest);
            if (output.IsFolder)
            {
                needs.AddRange(CachePins.ListedFiles(_store, output.Digest));
            }
        }

        return needs;
    }

    /// <summary>A two-letter folder of the store itself; a link in its place is never followed (it could lead out of the cache).</summary>
    private static bool IsShard(string folder) => Path.GetFileName(folder).Length == 2 && FileKinds.Of(folder) == FileKind.Directory;

    private static ActionEntry? TryParse(string path, ActionKey key)
    {
        try
        {
            return RegularFile.TryReadAllBytes(path, ActionCache.MaxEntryBytes) is { } bytes ? ActionEntryJson.Parse(bytes, key).Entry : null;
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>An experiment's copy links its <c>cas</c> and <c>ac</c> to the workspace's: collecting through the link is collecting the workspace's cache.</summary>
    private static bool IsLinkToFolder(string path) => new DirectoryInfo(path) is { Exists: true, LinkTarget: not null };

    /// <param name="Path">The entry file; null for an entry kept in a pack (never removed).</param>
    private sealed record CachedEntry(ActionKey Key, string? Path, long Bytes, DateTime Written, IReadOnlyList<ContentDigest> Needs)
    {
        public DateTime LastUsed => Written;
    }

    private sealed class CachedObject(ContentDigest digest, string path, long bytes, DateTime written)
    {
        public ContentDigest Digest { get; } = digest;

        public string Path { get; } = path;

        public long Bytes { get; } = bytes;

        public DateTime Written { get; } = written;

        public DateTime LastUsed { get; set; } = written;
    }
}
