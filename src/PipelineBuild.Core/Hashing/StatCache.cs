using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// Remembers the digest of a file under its (size, mtime, ctime, inode), so an unchanged tree is
/// not read again. mtime only shortcuts hashing; it never decides freshness on its own.
/// The entries loaded from disk stay in their <see cref="StatCacheSnapshot"/> (no object per file);
/// what this run learns goes into a dictionary that overrides them. It also remembers folder listings
/// (<see cref="IFolderListings"/>), under the folder's own stat.
/// </summary>
public sealed class StatCache : IFolderListings
{
    private const int Seen = 1;
    private const int Overridden = 2;

    // A loaded listing's flags.
    private const int ListingOverridden = 1;
    private const int ListingReplayed = 2;

    private readonly StatCacheSnapshot _loaded;
    private readonly int[] _loadedFlags;
    private readonly ConcurrentDictionary<string, StatCacheEntry> _learned = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StatCacheEntry>.AlternateLookup<ReadOnlySpan<char>> _learnedBySpan;
    private readonly TimeProvider _clock;
    private readonly int[] _loadedListingFlags;
    private readonly ConcurrentDictionary<string, byte[]> _learnedListings = new(StringComparer.Ordinal);
    private int _overriddenCount;
    private volatile bool _anyLearned;
    private volatile UnchangedPaths? _unchanged;

    /// <param name="clock">"Now" for the racy window (tests pass a fixed one).</param>
    public StatCache(TimeProvider? clock = null)
        : this(StatCacheSnapshot.Empty, clock)
    {
    }

    internal StatCache(StatCacheSnapshot loaded, TimeProvider? clock = null)
    {
        _loaded = loaded;
        _loadedFlags = new int[loaded.Count];
        _loadedListingFlags = new int[loaded.ListingCount];
        _learnedBySpan = _learned.GetAlternateLookup<ReadOnlySpan<char>>();
        _clock = clock ?? TimeProvider.System;
    }

    public bool IsDirty { get; private set; }

    /// <summary>Which file this cache was loaded from (<see cref="FileStat.IdentityOf"/>); null for a new one.</summary>
    public FileStat? LoadedFrom { get; internal init; }

    public int Count => _loaded.Count - Volatile.Read(ref _overriddenCount) + _learned.Count;

    /// <summary>How close to "now" a file's last change may be before its stat can no longer prove it unchanged.</summary>
    public static readonly TimeSpan RacyWindow = TimeSpan.FromMilliseconds(100);

    internal StatCacheSnapshot Loaded => _loaded;

    /// <summary>Whether a loaded folder listing was replaced by one this run took (and so is not saved as loaded).</summary>
    internal bool IsListingOverridden(int loadedListing) => (Volatile.Read(ref _loadedListingFlags[loadedListing]) & ListingOverridden) != 0;

    /// <summary>The folder listings this run took and remembers (<see cref="FolderListingRecord"/>).</summary>
    internal byte[][] LearnedListings() => [.. _learnedListings.Values];

    /// <summary>Whether a loaded entry was replaced by what this run learned (and so is not saved as loaded).</summary>
    internal bool IsOverridden(int loadedEntry) => (_loadedFlags[loadedEntry] & Overridden) != 0;

    /// <summary>What this run learned, racy entries included (they are not worth saving).</summary>
    internal KeyValuePair<string, StatCacheEntry>[] LearnedEntries() => _learned.ToArray();

    public bool TryGet(string relativePath, FileStat stat, out ContentDigest digest)
    {
        var hint = default(FindHint);
        return TryGet(relativePath, stat, out digest, ref hint);
    }

    /// <summary>The same, for paths looked up in order: <paramref name="hint"/> carries one look-up over to the next.</summary>
    internal bool TryGet(string relativePath, FileStat stat, out ContentDigest digest, ref FindHint hint)
    {
        if (_anyLearned && _learned.TryGetValue(relativePath, out var entry))
        {
            digest = entry.Stat == stat ? entry.Digest : default;
            return entry.Stat == stat;
        }

        var loaded = _loaded.Find(relativePath, ref hint);
        if (loaded >= 0 && _loaded.StatAt(loaded) == stat)
        {
            MarkSeen(loaded);
            digest = _loaded.DigestAt(loaded);
            return true;
        }

        digest = default;
        return false;
    }

    /// <summary>
    /// Until the returned scope ends, a file or folder listing <paramref name="unchanged"/> vouches for is taken from
    /// what was loaded without a stat (<see cref="TryGetUnchanged"/>, <see cref="IFolderListings.TryReplayUnchanged"/>).
    /// </summary>
    internal IDisposable TrustUnchanged(UnchangedPaths unchanged)
    {
        _unchanged = unchanged;
        return new TrustScope(this, unchanged);
    }

    /// <summary>The loaded digest of a file the journal vouches for, without a stat; false when it does not or none was loaded.</summary>
    internal bool TryGetUnchanged(string relativePath, out ContentDigest digest, ref FindHint hint)
    {
        if (_unchanged is not { } unchanged || !unchanged.IsFileUnchanged(relativePath) || (_anyLearned && _learned.ContainsKey(relativePath)))
        {
            digest = default;
            return false;
        }

        var loaded = _loaded.Find(relativePath, ref hint);
        if (loaded < 0 || (_loadedFlags[loaded] & Overridden) != 0)
        {
            digest = default;
            return false;
        }

        MarkSeen(loaded);
        digest = _loaded.DigestAt(loaded);
        return true;
    }

    /// <summary>
    /// Drops what was loaded under <paramref name="roots"/> and neither looked at nor vouched for by this run: a change
    /// journal's next answer covers only what happened after this run's token, so the saved cache must hold nothing
    /// under those roots older than it (a file a step excludes, a folder no longer listed).
    /// </summary>
    internal void ForgetUnseenUnder(IReadOnlyList<string> roots)
    {
        foreach (var (folder, first, count) in _loaded.Folders())
        {
            if (!roots.Any(root => Workspace.Watching.ChangeJournal.IsUnder(folder, root)))
            {
                continue;
            }

            for (var e = first; e < first + count; e++)
            {
                if ((_loadedFlags[e] & (Seen | Overridden)) == 0)
                {
                    _loadedFlags[e] |= Overridden;
                    _overriddenCount++;
                    IsDirty = true;
                }
            }
        }

        foreach (var (folder, listing) in _loaded.ListingFolders())
        {
            if (_loadedListingFlags[listing] == 0 && roots.Any(root => Workspace.Watching.ChangeJournal.IsUnder(folder, root)))
            {
                _loadedListingFlags[listing] = ListingOverridden;
                IsDirty = true;
            }
        }
    }

    /// <summary>The stat a file had when this run last looked at it (a hit or a hash); null for files this run did not look at.</summary>
    public FileStat? SeenThisRun(string relativePath) => SeenThisRun(relativePath.AsSpan());

    /// <inheritdoc cref="SeenThisRun(string)"/>
    public FileStat? SeenThisRun(ReadOnlySpan<char> relativePath)
    {
        if (_anyLearned && _learnedBySpan.TryGetValue(relativePath, out var entry))
        {
            return entry.Stat;
        }

        var loaded = _loaded.Find(relativePath);
        return loaded >= 0 && (_loadedFlags[loaded] & (Seen | Overridden)) == Seen ? _loaded.StatAt(loaded) : null;
    }

    /// <summary>
    /// Which loaded entries this run saw, when every stat it saw is one the file it was loaded from holds (nothing
    /// learned, nothing dropped: the file stays as it is); null otherwise. Asked once the run has saved the cache.
    /// </summary>
    public StatCacheSeen? SeenUnchanged()
    {
        if (IsDirty || _anyLearned || LoadedFrom is not { } file)
        {
            return null;
        }

        var seen = new byte[(_loaded.Count + 7) / 8];
        for (var i = 0; i < _loadedFlags.Length; i++)
        {
            if ((Volatile.Read(ref _loadedFlags[i]) & (Seen | Overridden)) == Seen)
            {
                seen[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        return new StatCacheSeen(file, seen);
    }

    /// <summary>The same, for a path given as UTF-8 (as git's index holds it): nothing is allocated.</summary>
    public FileStat? SeenThisRunUtf8(ReadOnlySpan<byte> relativePath)
    {
        var hint = default(FindHint);
        return SeenThisRunUtf8(relativePath, ref hint);
    }

    /// <summary>
    /// <see cref="SeenThisRunUtf8(ReadOnlySpan{byte})"/> for paths that come in order, as git's index lists them: each
    /// look-up starts where the last one ended. For one caller at a time.
    /// </summary>
    public SeenStatLookup SeenThisRunInOrder()
    {
        var last = new StrongBox<FindHint>();
        return path => SeenThisRunUtf8(path, ref last.Value);
    }

    private FileStat? SeenThisRunUtf8(ReadOnlySpan<byte> relativePath, ref FindHint hint)
    {
        if (!_anyLearned)
        {
            // Compared byte for byte with the saved names: no string, no decoding.
            var found = _loaded.FindUtf8(relativePath, ref hint);
            return found >= 0 && (_loadedFlags[found] & (Seen | Overridden)) == Seen ? _loaded.StatAt(found) : null;
        }

        var maxChars = relativePath.Length;
        char[]? rented = null;
        var buffer = maxChars <= 1024 ? stackalloc char[1024] : (rented = ArrayPool<char>.Shared.Rent(maxChars));
        try
        {
            var length = Encoding.UTF8.GetChars(relativePath, buffer);
            return SeenThisRun(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    public void Set(string relativePath, FileStat stat, ContentDigest digest)
    {
        var now = (_clock.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000L) - (long)(RacyWindow.TotalMilliseconds * 1_000_000L);
        var racy = Math.Max(stat.ModifiedNanoseconds, stat.ChangedNanoseconds) >= now;
        var entry = new StatCacheEntry(stat, digest, racy);
        if (_anyLearned && _learned.TryGetValue(relativePath, out var existing))
        {
            if (existing != entry)
            {
                _learned[relativePath] = entry;
                IsDirty = true;
            }

            return;
        }

        var loaded = _loaded.Find(relativePath);
        if (loaded >= 0 && !racy && _loaded.StatAt(loaded) == stat && _loaded.DigestAt(loaded) == digest)
        {
            MarkSeen(loaded);
            return;
        }

        _learned[relativePath] = entry;
        _anyLearned = true;
        if (loaded >= 0 && (Interlocked.Or(ref _loadedFlags[loaded], Overridden) & Overridden) == 0)
        {
            Interlocked.Increment(ref _overriddenCount);
        }

        IsDirty = true;
    }

    private void MarkSeen(int loaded)
    {
        if ((_loadedFlags[loaded] & Seen) == 0)
        {
            Interlocked.Or(ref _loadedFlags[loaded], Seen);
        }
    }

    long IFolderListings.Now() => NowNanoseconds();

    bool IFolderListings.TryReplay(string relativeFolder, FolderStat stat, string prefix, List<FolderEntry> entries)
    {
        if (!_learnedListings.IsEmpty && _learnedListings.TryGetValue(relativeFolder, out var learned))
        {
            return Replay(learned, stat, prefix, entries);
        }

        var loaded = _loaded.FindListing(relativeFolder);
        if (loaded >= 0 && !IsListingOverridden(loaded) && Replay(_loaded.ListingAt(loaded), stat, prefix, entries))
        {
            Interlocked.Or(ref _loadedListingFlags[loaded], ListingReplayed);
            return true;
        }

        return false;
    }

    bool IFolderListings.TryReplayUnchanged(string relativeFolder, string prefix, List<FolderEntry> entries)
    {
        if (_unchanged is not { } unchanged || !unchanged.IsListingUnchanged(relativeFolder)
            || (!_learnedListings.IsEmpty && _learnedListings.ContainsKey(relativeFolder)))
        {
            return false;
        }

        var loaded = _loaded.FindListing(relativeFolder);
        if (loaded < 0 || IsListingOverridden(loaded))
        {
            return false;
        }

        FolderListingRecord.Replay(_loaded.ListingAt(loaded), prefix, entries);
        Interlocked.Or(ref _loadedListingFlags[loaded], ListingReplayed);
        return true;
    }

    /// <summary>
    /// Remembers a listing unless the folder changed within <see cref="RacyWindow"/> of the moment it was listed: the
    /// file system's clock is coarse, so a change in the same tick could leave the stat as it is (the files' own rule).
    /// </summary>
    void IFolderListings.Record(string relativeFolder, FolderStat stat, long listedAt, List<FolderEntry> entries, int prefixLength)
    {
        if (Math.Max(stat.ModifiedNanoseconds, stat.ChangedNanoseconds) >= listedAt - RacyWindow.Ticks * 100
            || FolderListingRecord.TryEncode(relativeFolder, stat, entries, prefixLength) is not { } record)
        {
            return;
        }

        _learnedListings[relativeFolder] = record;
        var loaded = _loaded.FindListing(relativeFolder);
        if (loaded >= 0)
        {
            Interlocked.Or(ref _loadedListingFlags[loaded], ListingOverridden);
        }

        IsDirty = true;
    }

    private static bool Replay(ReadOnlySpan<byte> record, FolderStat stat, string prefix, List<FolderEntry> entries)
    {
        if (FolderListingRecord.StatOf(record) != stat)
        {
            return false;
        }

        FolderListingRecord.Replay(record, prefix, entries);
        return true;
    }

    private sealed class TrustScope(StatCache cache, UnchangedPaths unchanged) : IDisposable
    {
        public void Dispose() => Interlocked.CompareExchange(ref cache._unchanged, null, unchanged);
    }

    private long NowNanoseconds() => (_clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
}
