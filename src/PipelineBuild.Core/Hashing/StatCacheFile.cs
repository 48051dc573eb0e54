using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// Loads and saves a <see cref="StatCache"/> in a compact binary file (<see cref="StatCacheSnapshot"/> gives the
/// layout). A damaged, truncated, foreign or older-format file is ignored (everything is hashed again): the stat
/// cache is only a shortcut. Saved through a temp file renamed over the old one.
/// </summary>
public static class StatCacheFile
{
    private const long MaxFileBytes = 1L << 30;

    /// <param name="clock">"Now" for the racy window of what the run learns (tests pass a fixed one).</param>
    public static StatCache Load(string path, TimeProvider? clock = null)
    {
        try
        {
            // A FIFO or link planted in the file's place is not read: opening a FIFO would block the run.
            using var stream = RegularFile.TryOpenRead(path);
            if (stream is null || stream.Length is < StatCacheSnapshot.HeaderLength or > MaxFileBytes)
            {
                return new StatCache(clock);
            }

            var data = GC.AllocateUninitializedArray<byte>((int)stream.Length);
            stream.ReadExactly(data);
            var identity = FileStat.IdentityOf(stream.SafeFileHandle);
            return StatCacheSnapshot.TryParse(data) is { } snapshot ? new StatCache(snapshot, clock) { LoadedFrom = identity } : new StatCache(clock);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new StatCache(clock);
        }
    }

    /// <summary>Saves the cache; the identity of the file written (<see cref="FileStat.IdentityOf"/>), null where there is none.</summary>
    public static FileStat? Save(StatCache cache, string path)
    {
        var data = Serialize(cache);
        FileStat? identity = null;
        AtomicFile.Write(path, stream =>
        {
            stream.Write(data);
            stream.Flush();
            identity = stream is FileStream file ? FileStat.IdentityOf(file.SafeFileHandle) : null;
        });
        return identity;
    }

    /// <summary>
    /// The loaded entries this run did not replace, merged folder by folder with what it learned; a folder's
    /// names sorted by their UTF-8 bytes, as <see cref="StatCacheSnapshot"/> looks them up. What was learned is
    /// sorted once, in place, without a string or an array per entry (a cold run over 10⁵ files learns 10⁵).
    /// </summary>
    internal static byte[] Serialize(StatCache cache)
    {
        var loaded = cache.Loaded;
        var (paths, entries) = LearnedInOrder(cache);
        var loadedFolders = loaded.Folders().ToArray();
        Array.Sort(loadedFolders, (a, b) => string.CompareOrdinal(a.Folder, b.Folder));
        var folders = FoldersInOrder(paths, loadedFolders);

        // Sizes first, so the file is written once into an array of its exact length. A folder whose loaded
        // entries were all replaced by racy ones has nothing to save and is left out.
        var entryCount = 0L;
        var textLength = 0L;
        var keptFolders = 0;
        foreach (var folder in folders)
        {
            var count = folder.LearnedCount;
            var text = 0L;
            for (var i = folder.FirstLearned; i < folder.FirstLearned + folder.LearnedCount; i++)
            {
                text += Encoding.UTF8.GetByteCount(paths[i].Name);
            }

            for (var e = folder.FirstLoaded; e < folder.FirstLoaded + folder.LoadedCount; e++)
            {
                if (!cache.IsOverridden(e))
                {
                    count++;
                    text += loaded.NameAt(e).Length;
                }
            }

            if (count > 0)
            {
                keptFolders++;
                entryCount += count;
                textLength += text + Encoding.UTF8.GetByteCount(folder.Name);
            }
        }

        var learnedListings = cache.LearnedListings();
        var listingCount = learnedListings.Length;
        var listingsLength = learnedListings.Sum(l => (long)l.Length);
        for (var l = 0; l < loaded.ListingCount; l++)
        {
            if (!cache.IsListingOverridden(l))
            {
                listingCount++;
                listingsLength += loaded.ListingAt(l).Length;
            }
        }

        var total = StatCacheSnapshot.HeaderLength + ((long)keptFolders * StatCacheSnapshot.FolderLength)
            + (entryCount * StatCacheSnapshot.EntryLength) + textLength + listingsLength + StatCacheSnapshot.ChecksumLength;
        if (total > MaxFileBytes)
        {
            throw new IOException($"the stat cache would take {total} bytes; it is not saved");
        }

        var writer = new Writer(new byte[total], keptFolders, (int)entryCount, (int)textLength, listingCount, (int)listingsLength);
        byte[]? scratch = null;
        foreach (var folder in folders)
        {
            var e = folder.FirstLoaded;
            var end = folder.FirstLoaded + folder.LoadedCount;
            var n = folder.FirstLearned;
            var learnedEnd = folder.FirstLearned + folder.LearnedCount;
            var started = false;
            while (e < end || n < learnedEnd)
            {
                while (e < end && cache.IsOverridden(e))
                {
                    e++;
                }

                if (e == end && n == learnedEnd)
                {
                    break;
                }

                if (!started)
                {
                    writer.BeginFolder(folder.Name);
                    started = true;
                }

                // Loaded and learned names meet only where a run learned something in a folder it had saved.
                if (e < end && (n == learnedEnd || loaded.NameAt(e).SequenceCompareTo(Utf8Of(paths[n].Name, ref scratch)) < 0))
                {
                    writer.Entry(loaded.StatAndDigestAt(e), loaded.NameAt(e));
                    e++;
                }
                else
                {
                    writer.Entry(entries[n], paths[n].Name);
                    n++;
                }
            }

            if (started)
            {
                writer.EndFolder();
            }
        }

        for (var l = 0; l < loaded.ListingCount; l++)
        {
            if (!cache.IsListingOverridden(l))
            {
                writer.Listing(loaded.ListingAt(l));
            }
        }

        foreach (var listing in learnedListings)
        {
            writer.Listing(listing);
        }

        return writer.Finish();
    }

    /// <summary>
    /// The durable entries this run learned, sorted by folder (ordinal) and then by name in UTF-8 byte order. A path
    /// the loader would refuse (a name that is not one well-formed path segment) is left out: saved, it would make
    /// the whole file unreadable.
    /// </summary>
    private static (LearnedPath[] Paths, StatCacheEntry[] Entries) LearnedInOrder(StatCache cache)
    {
        var learned = cache.LearnedEntries();
        var paths = new LearnedPath[learned.Length];
        var entries = new StatCacheEntry[learned.Length];
        var count = 0;
        foreach (var (path, entry) in learned)
        {
            if (!entry.Racy && LearnedPath.TryCreate(path) is { } saved)
            {
                paths[count] = saved;
                entries[count] = entry;
                count++;
            }
        }

        paths.AsSpan(0, count).Sort(entries.AsSpan(0, count), default(LearnedPathOrder));
        return (paths[..count], entries[..count]);
    }

    /// <summary>Every folder with learned or loaded entries, in ordinal order, with the range of each.</summary>
    private static List<FolderToSave> FoldersInOrder(LearnedPath[] paths, (string Folder, int First, int Count)[] loadedFolders)
    {
        var folders = new List<FolderToSave>();
        var l = 0;
        var i = 0;
        while (i < paths.Length || l < loadedFolders.Length)
        {
            var learnedFolder = i < paths.Length ? paths[i].Folder : default;
            var order = i == paths.Length ? 1
                : l == loadedFolders.Length ? -1
                : learnedFolder.SequenceCompareTo(loadedFolders[l].Folder);
            var first = i;
            if (order <= 0)
            {
                while (i < paths.Length && paths[i].Folder.SequenceEqual(learnedFolder))
                {
                    i++;
                }
            }

            var name = order < 0 ? learnedFolder.ToString() : loadedFolders[l].Folder;
            var (firstLoaded, loadedCount) = order >= 0 ? (loadedFolders[l].First, loadedFolders[l].Count) : (0, 0);
            folders.Add(new FolderToSave(name, first, i - first, firstLoaded, loadedCount));
            if (order >= 0)
            {
                l++;
            }
        }

        return folders;
    }

    private static ReadOnlySpan<byte> Utf8Of(ReadOnlySpan<char> name, ref byte[]? scratch)
    {
        var most = Encoding.UTF8.GetMaxByteCount(name.Length);
        if (scratch is null || scratch.Length < most)
        {
            scratch = new byte[Math.Max(most, 256)];
        }

        return scratch.AsSpan(0, Encoding.UTF8.GetBytes(name, scratch));
    }

    private readonly record struct FolderToSave(string Name, int FirstLearned, int LearnedCount, int FirstLoaded, int LoadedCount);

    /// <summary>A learned path and where its last <c>/</c> is (-1 at the root).</summary>
    private readonly record struct LearnedPath(string Path, int Slash)
    {
        public ReadOnlySpan<char> Folder => Path.AsSpan(0, Math.Max(Slash, 0));

        public ReadOnlySpan<char> Name => Path.AsSpan(Slash + 1);

        public static LearnedPath? TryCreate(string path)
        {
            var slash = path.LastIndexOf('/');
            var learned = new LearnedPath(path, slash);
            return IsSegment(learned.Name) && (slash < 0 || IsFolder(learned.Folder)) ? learned : null;
        }

        private static bool IsFolder(ReadOnlySpan<char> folder)
        {
            foreach (var range in folder.Split('/'))
            {
                if (!IsSegment(folder[range]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>What <see cref="StatCacheSnapshot"/> accepts as one name: see its <c>IsName</c>.</summary>
        private static bool IsSegment(ReadOnlySpan<char> name) =>
            name.Length > 0 && name is not "." and not ".." && name.IndexOfAny('\\', '\0') < 0
            && (!name.ContainsAnyInRange('\uD800', '\uDFFF') || IsWellFormed(name));

        private static bool IsWellFormed(ReadOnlySpan<char> text)
        {
            while (!text.IsEmpty)
            {
                if (Rune.DecodeFromUtf16(text, out _, out var used) != OperationStatus.Done)
                {
                    return false;
                }

                text = text[used..];
            }

            return true;
        }
    }

    /// <summary>
    /// By folder (ordinal), then by name in UTF-8 byte order, which for well-formed UTF-16 is code point order:
    /// surrogates (code points past U+FFFF) sort after U+E000–U+FFFF although their code units are smaller.
    /// </summary>
    private readonly struct LearnedPathOrder : IComparer<LearnedPath>
    {
        public int Compare(LearnedPath a, LearnedPath b)
        {
            var byFolder = a.Folder.SequenceCompareTo(b.Folder);
            return byFolder != 0 ? byFolder : CodePointOrder.Compare(a.Name, b.Name);
        }
    }

    /// <summary>Fills the array <see cref="Serialize"/> sized: header, folder records, entries, text, checksum.</summary>
    private sealed class Writer
    {
        private readonly byte[] _data;
        private readonly int _entriesAt;
        private readonly int _textAt;
        private int _folders;
        private int _entries;
        private int _text;
        private int _listingsEnd;

        public Writer(byte[] data, int folderCount, int entryCount, int textLength, int listingCount, int listingsLength)
        {
            _data = data;
            _entriesAt = StatCacheSnapshot.HeaderLength + (folderCount * StatCacheSnapshot.FolderLength);
            _textAt = _entriesAt + (entryCount * StatCacheSnapshot.EntryLength);
            _listingsEnd = _textAt + textLength;
            BinaryPrimitives.WriteUInt32LittleEndian(data, StatCacheSnapshot.Magic);
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(8), entryCount);
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(12), textLength);
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(16), listingCount);
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(20), listingsLength);
        }

        /// <summary>A folder listing's record, after the text (the text's length is known up front).</summary>
        public void Listing(ReadOnlySpan<byte> record)
        {
            record.CopyTo(_data.AsSpan(_listingsEnd));
            _listingsEnd += record.Length;
        }

        public void BeginFolder(string folder)
        {
            var record = FolderRecord;
            var length = Encoding.UTF8.GetBytes(folder, _data.AsSpan(_textAt + _text));
            BinaryPrimitives.WriteInt32LittleEndian(record, _text);
            BinaryPrimitives.WriteInt32LittleEndian(record[4..], length);
            BinaryPrimitives.WriteInt32LittleEndian(record[8..], _entries);
            _text += length;
        }

        public void EndFolder()
        {
            var record = FolderRecord;
            BinaryPrimitives.WriteInt32LittleEndian(record[12..], _entries - BinaryPrimitives.ReadInt32LittleEndian(record[8..]));
            _folders++;
        }

        public void Entry(ReadOnlySpan<byte> statAndDigest, ReadOnlySpan<byte> name)
        {
            var at = _data.AsSpan(_entriesAt + (_entries * StatCacheSnapshot.EntryLength), StatCacheSnapshot.EntryLength);
            statAndDigest.CopyTo(at);
            Name(at, name);
        }

        public void Entry(StatCacheEntry entry, ReadOnlySpan<char> name)
        {
            var at = _data.AsSpan(_entriesAt + (_entries * StatCacheSnapshot.EntryLength), StatCacheSnapshot.EntryLength);
            BinaryPrimitives.WriteInt64LittleEndian(at, entry.Stat.Size);
            BinaryPrimitives.WriteInt64LittleEndian(at[8..], entry.Stat.ModifiedNanoseconds);
            BinaryPrimitives.WriteInt64LittleEndian(at[16..], entry.Stat.ChangedNanoseconds);
            BinaryPrimitives.WriteUInt64LittleEndian(at[24..], entry.Stat.Inode);
            entry.Digest.CopyTo(at[32..]);
            var length = Encoding.UTF8.GetBytes(name, _data.AsSpan(_textAt + _text));
            Name(at, _data.AsSpan(_textAt + _text, length));
        }

        public byte[] Finish()
        {
            BinaryPrimitives.WriteInt32LittleEndian(_data.AsSpan(4), _folders);
            var body = _data.AsSpan(0, _data.Length - StatCacheSnapshot.ChecksumLength);
            BinaryPrimitives.WriteUInt64LittleEndian(_data.AsSpan(body.Length), XxHash3.HashToUInt64(body));
            return _data;
        }

        private Span<byte> FolderRecord => _data.AsSpan(StatCacheSnapshot.HeaderLength + (_folders * StatCacheSnapshot.FolderLength), StatCacheSnapshot.FolderLength);

        /// <summary>Records a name already at the text's end, or copies it there.</summary>
        private void Name(Span<byte> at, ReadOnlySpan<byte> name)
        {
            name.CopyTo(_data.AsSpan(_textAt + _text));
            BinaryPrimitives.WriteInt32LittleEndian(at[64..], _text);
            BinaryPrimitives.WriteInt32LittleEndian(at[68..], name.Length);
            _text += name.Length;
            _entries++;
        }
    }
}
