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

    public static StatCache Load(string path)
    {
        try
        {
            // A FIFO or link planted in the file's place is not read: opening a FIFO would block the run.
            using var stream = RegularFile.TryOpenRead(path);
            if (stream is null || stream.Length is < StatCacheSnapshot.HeaderLength or > MaxFileBytes)
            {
                return new StatCache();
            }

            var data = GC.AllocateUninitializedArray<byte>((int)stream.Length);
            stream.ReadExactly(data);
            return StatCacheSnapshot.TryParse(data) is { } snapshot ? new StatCache(snapshot) : new StatCache();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new StatCache();
        }
    }

    public static void Save(StatCache cache, string path)
    {
        var data = Serialize(cache);
        AtomicFile.Write(path, stream => stream.Write(data));
    }

    /// <summary>
    /// The loaded entries this run did not replace, merged folder by folder with what it learned; a folder's
    /// names sorted by their UTF-8 bytes, as <see cref="StatCacheSnapshot"/> looks them up.
    /// </summary>
    internal static byte[] Serialize(StatCache cache)
    {
        var loaded = cache.Loaded;
        var learned = new Dictionary<string, List<(byte[] Name, StatCacheEntry Entry)>>(StringComparer.Ordinal);
        foreach (var (relativePath, entry) in cache.DurableLearned)
        {
            var slash = relativePath.LastIndexOf('/');
            var folder = slash < 0 ? "" : relativePath[..slash];
            if (!learned.TryGetValue(folder, out var names))
            {
                learned[folder] = names = [];
            }

            names.Add((Encoding.UTF8.GetBytes(relativePath[(slash + 1)..]), entry));
        }

        foreach (var names in learned.Values)
        {
            names.Sort((a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
        }

        var loadedFolders = loaded.Folders().ToDictionary(f => f.Folder, f => (f.First, f.Count), StringComparer.Ordinal);
        var folders = loadedFolders.Keys.Union(learned.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

        // Sizes first, so the file is written once into an array of its exact length. A folder whose loaded
        // entries were all replaced by racy ones has nothing to save and is left out.
        var entryCount = 0L;
        var textLength = 0L;
        var kept = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var count = learned.TryGetValue(folder, out var names) ? names.Count : 0;
            var text = names?.Sum(n => (long)n.Name.Length) ?? 0;
            if (loadedFolders.TryGetValue(folder, out var range))
            {
                for (var e = range.First; e < range.First + range.Count; e++)
                {
                    if (!cache.IsOverridden(e))
                    {
                        count++;
                        text += loaded.NameAt(e).Length;
                    }
                }
            }

            if (count > 0)
            {
                kept[folder] = count;
                entryCount += count;
                textLength += text + Encoding.UTF8.GetByteCount(folder);
            }
        }

        folders = [.. folders.Where(kept.ContainsKey)];
        var total = StatCacheSnapshot.HeaderLength + ((long)folders.Length * StatCacheSnapshot.FolderLength)
            + (entryCount * StatCacheSnapshot.EntryLength) + textLength + StatCacheSnapshot.ChecksumLength;
        if (total > MaxFileBytes)
        {
            throw new IOException($"the stat cache would take {total} bytes; it is not saved");
        }

        var data = new byte[total];
        var writer = new Writer(data, folders.Length, (int)entryCount, (int)textLength);
        for (var f = 0; f < folders.Length; f++)
        {
            var hasLoaded = loadedFolders.TryGetValue(folders[f], out var range);
            var names = learned.GetValueOrDefault(folders[f]) ?? [];
            writer.BeginFolder(folders[f], kept[folders[f]]);
            var e = hasLoaded ? range.First : 0;
            var end = hasLoaded ? range.First + range.Count : 0;
            var n = 0;
            while (e < end || n < names.Count)
            {
                while (e < end && cache.IsOverridden(e))
                {
                    e++;
                }

                if (e < end && (n == names.Count || loaded.NameAt(e).SequenceCompareTo(names[n].Name) < 0))
                {
                    writer.Entry(loaded.StatAndDigestAt(e), loaded.NameAt(e));
                    e++;
                }
                else if (n < names.Count)
                {
                    writer.Entry(names[n].Entry, names[n].Name);
                    n++;
                }
            }
        }

        return writer.Finish();
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

        public Writer(byte[] data, int folderCount, int entryCount, int textLength)
        {
            _data = data;
            _entriesAt = StatCacheSnapshot.HeaderLength + (folderCount * StatCacheSnapshot.FolderLength);
            _textAt = _entriesAt + (entryCount * StatCacheSnapshot.EntryLength);
            BinaryPrimitives.WriteUInt32LittleEndian(data, StatCacheSnapshot.Magic);
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(8), entryCount);
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(12), textLength);
        }

        public void BeginFolder(string folder, int count)
        {
            var record = _data.AsSpan(StatCacheSnapshot.HeaderLength + (_folders * StatCacheSnapshot.FolderLength));
            var length = Encoding.UTF8.GetBytes(folder, _data.AsSpan(_textAt + _text));
            BinaryPrimitives.WriteInt32LittleEndian(record, _text);
            BinaryPrimitives.WriteInt32LittleEndian(record[4..], length);
            BinaryPrimitives.WriteInt32LittleEndian(record[8..], _entries);
            BinaryPrimitives.WriteInt32LittleEndian(record[12..], count);
            _text += length;
            _folders++;
        }

        public void Entry(ReadOnlySpan<byte> statAndDigest, ReadOnlySpan<byte> name)
        {
            var at = _data.AsSpan(_entriesAt + (_entries * StatCacheSnapshot.EntryLength), StatCacheSnapshot.EntryLength);
            statAndDigest.CopyTo(at);
            Name(at, name);
        }

        public void Entry(StatCacheEntry entry, ReadOnlySpan<byte> name)
        {
            var at = _data.AsSpan(_entriesAt + (_entries * StatCacheSnapshot.EntryLength), StatCacheSnapshot.EntryLength);
            BinaryPrimitives.WriteInt64LittleEndian(at, entry.Stat.Size);
            BinaryPrimitives.WriteInt64LittleEndian(at[8..], entry.Stat.ModifiedNanoseconds);
            BinaryPrimitives.WriteInt64LittleEndian(at[16..], entry.Stat.ChangedNanoseconds);
            BinaryPrimitives.WriteUInt64LittleEndian(at[24..], entry.Stat.Inode);
            entry.Digest.CopyTo(at[32..]);
            Name(at, name);
        }

        public byte[] Finish()
        {
            BinaryPrimitives.WriteInt32LittleEndian(_data.AsSpan(4), _folders);
            var body = _data.AsSpan(0, _data.Length - StatCacheSnapshot.ChecksumLength);
            BinaryPrimitives.WriteUInt64LittleEndian(_data.AsSpan(body.Length), XxHash3.HashToUInt64(body));
            return _data;
        }

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
