using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// The stat cache as saved, read in place: one array holding the file (format 3), looked up by folder, then by
/// binary search over the folder's names. Loading makes no string or object per file (100,000 files: one array
/// of ≈ 8 MB and a dictionary of the folders). Every offset, name and folder path is checked before anything
/// is looked up, and a checksum covers the whole file: a damaged or foreign file gives null, never a digest.
/// </summary>
/// <remarks>
/// Layout (little-endian): header <c>"PSC3"</c>, folder count, entry count, text length, listing count, listings'
/// length (6 × 4 bytes); the folders (text offset, text length, first entry, entry count: 4 × 4 bytes each); the
/// entries (size, mtime ns, ctime ns, inode: 4 × 8 bytes, then the 32-byte digest, the name's text offset and length:
/// 72 bytes each); the text (UTF-8 folder paths and names); the folder listings (<see cref="FolderListingRecord"/>);
/// XXH3 (64-bit) of everything before it. A folder's entries are sorted by the UTF-8 bytes of their names; a folder
/// path is workspace-relative, <c>/</c>-separated, "" for the root.
/// </remarks>
internal sealed class StatCacheSnapshot
{
    internal const uint Magic = 0x33435350; // "PSC3"
    internal const int HeaderLength = 24;
    internal const int FolderLength = 16;
    internal const int EntryLength = 72;
    internal const int ChecksumLength = 8;
    private const int NameOffsetAt = 64;

    private readonly byte[] _data;
    private readonly int _entriesAt;
    private readonly int _textAt;
    private readonly Dictionary<string, int> _folderIndex;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _folderBySpan;

    /// <summary>Each folder listing's offset and length in the file, and the listing of a folder path.</summary>
    private readonly (int At, int Length)[] _listings;
    private readonly Dictionary<string, int> _listingIndex;

    private StatCacheSnapshot(byte[] data, int folderCount, int entryCount, int textAt, Dictionary<string, int> folderIndex, (int At, int Length)[] listings, Dictionary<string, int> listingIndex)
    {
        _listings = listings;
        _listingIndex = listingIndex;
        _data = data;
        FolderCount = folderCount;
        Count = entryCount;
        _entriesAt = HeaderLength + (folderCount * FolderLength);
        _textAt = textAt;
        _folderIndex = folderIndex;
        _folderBySpan = folderIndex.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static StatCacheSnapshot Empty { get; } = new([], 0, 0, 0, new Dictionary<string, int>(StringComparer.Ordinal), [], new Dictionary<string, int>(StringComparer.Ordinal));

    public int Count { get; }

    public int ListingCount => _listings.Length;

    /// <summary>The listing remembered for a folder path, or -1.</summary>
    public int FindListing(string relativeFolder) => _listingIndex.TryGetValue(relativeFolder, out var listing) ? listing : -1;

    /// <summary>The folder paths of the remembered listings, with their index.</summary>
    public IEnumerable<KeyValuePair<string, int>> ListingFolders() => _listingIndex;

    /// <summary>A listing's record as saved (<see cref="FolderListingRecord"/>).</summary>
    public ReadOnlySpan<byte> ListingAt(int listing) => _data.AsSpan(_listings[listing].At, _listings[listing].Length);

    public int FolderCount { get; }

    /// <summary>The snapshot a file's bytes hold, or null unless every part of it checks out.</summary>
    public static StatCacheSnapshot? TryParse(byte[] data)
    {
        if (data.Length < HeaderLength + ChecksumLength || BinaryPrimitives.ReadUInt32LittleEndian(data) != Magic)
        {
            return null;
        }

        var folderCount = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(4));
        var entryCount = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(8));
        var textLength = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(12));
        var listingCount = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(16));
        var listingsLength = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(20));
        var expected = HeaderLength + ((long)folderCount * FolderLength) + ((long)entryCount * EntryLength) + textLength + listingsLength + ChecksumLength;
        if (expected != data.Length)
        {
            return null;
        }

        var body = data.AsSpan(0, data.Length - ChecksumLength);
        if (XxHash3.HashToUInt64(body) != BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(body.Length)))
        {
            return null;
        }

        var listingsAt = data.Length - ChecksumLength - (int)listingsLength;
        var textAt = listingsAt - (int)textLength;
        return TryParseFolders(data, textAt, (int)textLength, folderCount, entryCount) is { } folders
            && TryParseListings(data, listingsAt, (int)listingsLength, listingCount) is var (listings, listingIndex)
            ? new StatCacheSnapshot(data, (int)folderCount, (int)entryCount, textAt, folders, listings, listingIndex)
            : null;
    }

    /// <summary>The folders by path, each with a well-formed path and its names well-formed and strictly in order, covering every entry once; null otherwise.</summary>
    private static Dictionary<string, int>? TryParseFolders(byte[] data, int textAt, int textLength, uint folderCount, uint entryCount)
    {
        var text = data.AsSpan(textAt, textLength);
        var entriesAt = HeaderLength + ((int)folderCount * FolderLength);
        var folders = new Dictionary<string, int>((int)folderCount, StringComparer.Ordinal);
        var nextEntry = 0u;
        for (var f = 0; f < (int)folderCount; f++)
        {
            var record = data.AsSpan(HeaderLength + (f * FolderLength), FolderLength);
            if (Slice(text, record) is not { } folderBytes
                || BinaryPrimitives.ReadUInt32LittleEndian(record[8..]) != nextEntry
                || !IsFolderPath(text.Slice(folderBytes.Start, folderBytes.Length)))
            {
                return null;
            }

            var count = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
            if (count == 0 || count > entryCount - nextEntry
                || !folders.TryAdd(Encoding.UTF8.GetString(text.Slice(folderBytes.Start, folderBytes.Length)), f)
                || !NamesAreSorted(data, text, entriesAt, nextEntry, count))
            {
                return null;
            }

            nextEntry += count;
        }

        return nextEntry == entryCount ? folders : null;
    }

    /// <summary>The folder listings, each checked (<see cref="FolderListingRecord.Measure"/>), filling their section exactly; null otherwise.</summary>
    private static ((int At, int Length)[] Listings, Dictionary<string, int> Index)? TryParseListings(byte[] data, int at, int length, uint count)
    {
        // Every record takes at least 40 bytes: a count past that is damage, not a reason to allocate.
        if (count > (uint)length / 40)
        {
            return null;
        }

        var listings = new (int At, int Length)[count];
        var index = new Dictionary<string, int>((int)count, StringComparer.Ordinal);
        var end = at + length;
        for (var i = 0; i < (int)count; i++)
        {
            var recordLength = FolderListingRecord.Measure(data.AsSpan(at, end - at), out var folder);
            if (recordLength < 0 || !index.TryAdd(Encoding.UTF8.GetString(folder), i))
            {
                return null;
            }

            listings[i] = (at, recordLength);
            at += recordLength;
        }

        return at == end ? (listings, index) : null;
    }

    /// <summary>The entry of a workspace-relative path, or -1.</summary>
    public int Find(ReadOnlySpan<char> relativePath)
    {
        var hint = default(FindHint);
        return Find(relativePath, ref hint);
    }

    /// <summary>
    /// The entry of a workspace-relative path, or -1. Given paths in order, one <paramref name="hint"/> turns the
    /// look-ups into a merge with the saved folders: the folder is found again only when it changes, and a name is
    /// first compared with the entry after the last one found (a binary search only when that is not it).
    /// </summary>
    [SkipLocalsInit] // The name's UTF-8 buffer is read only where it was written: no zeroing of 1 KiB per file.
    public int Find(ReadOnlySpan<char> relativePath, ref FindHint hint)
    {
        if (Count == 0)
        {
            return -1;
        }

        var slash = relativePath.LastIndexOf('/');
        var folderPath = slash < 0 ? [] : relativePath[..slash];
        int folder;
        if (hint.Folder is not null && folderPath.SequenceEqual(hint.Folder))
        {
            folder = hint.FolderIndex;
        }
        else if (_folderBySpan.TryGetValue(folderPath, out var savedFolder, out folder))
        {
            hint = new FindHint(savedFolder, folder, -1);
        }
        else
        {
            hint = default;
            return -1;
        }

        var name = relativePath[(slash + 1)..];
        var maxBytes = Encoding.UTF8.GetMaxByteCount(name.Length);
        byte[]? rented = null;
        var buffer = maxBytes <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(name, buffer);
            var found = FindInFolder(folder, buffer[..length], hint.Next);
            hint = hint with { Next = found < 0 ? -1 : found + 1 };
            return found;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The entry of a workspace-relative path given as UTF-8 (git's index), compared byte for byte, or -1. The hint is
    /// used as in <see cref="Find(ReadOnlySpan{char}, ref FindHint)"/>, its folder checked against the saved folder's
    /// own bytes: a hint from any other look-up can only make this slower, never wrong.
    /// </summary>
    public int FindUtf8(ReadOnlySpan<byte> relativePath, ref FindHint hint)
    {
        if (Count == 0)
        {
            return -1;
        }

        var slash = relativePath.LastIndexOf((byte)'/');
        var folderPath = slash < 0 ? [] : relativePath[..slash];
        int folder;
        if (hint.Folder is not null && (uint)hint.FolderIndex < (uint)FolderCount && FolderTextAt(hint.FolderIndex).SequenceEqual(folderPath))
        {
            folder = hint.FolderIndex;
        }
        else if (FindFolderUtf8(folderPath) is var (savedFolder, index))
        {
            folder = index;
            hint = new FindHint(savedFolder, folder, -1);
        }
        else
        {
            hint = default;
            return -1;
        }

        var found = FindInFolder(folder, relativePath[(slash + 1)..], hint.Next);
        hint = hint with { Next = found < 0 ? -1 : found + 1 };
        return found;
    }

    public FileStat StatAt(int entry)
    {
        var at = _data.AsSpan(_entriesAt + (entry * EntryLength));
        return new FileStat(
            BinaryPrimitives.ReadInt64LittleEndian(at),
            BinaryPrimitives.ReadInt64LittleEndian(at[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(at[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(at[24..]));
    }

    public ContentDigest DigestAt(int entry) => ContentDigest.FromHash(_data.AsSpan(_entriesAt + (entry * EntryLength) + 32, ContentDigest.ByteLength));

    /// <summary>The entry's 72 bytes as saved (stat and digest first; the name's offset after them is this file's own).</summary>
    public ReadOnlySpan<byte> StatAndDigestAt(int entry) => _data.AsSpan(_entriesAt + (entry * EntryLength), NameOffsetAt);

    public ReadOnlySpan<byte> NameAt(int entry) =>
        _data.AsSpan(_textAt, _data.Length - ChecksumLength - _textAt).Slice(
            (int)BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(_entriesAt + (entry * EntryLength) + NameOffsetAt)),
            (int)BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(_entriesAt + (entry * EntryLength) + NameOffsetAt + 4)));

    /// <summary>The folders with the range of their entries.</summary>
    public IEnumerable<(string Folder, int First, int Count)> Folders()
    {
        foreach (var (folder, index) in _folderIndex)
        {
            var record = _data.AsSpan(HeaderLength + (index * FolderLength), FolderLength);
            yield return (folder, (int)BinaryPrimitives.ReadUInt32LittleEndian(record[8..]), (int)BinaryPrimitives.ReadUInt32LittleEndian(record[12..]));
        }
    }

    /// <summary>A saved folder path, as UTF-8.</summary>
    private ReadOnlySpan<byte> FolderTextAt(int folder)
    {
        var record = _data.AsSpan(HeaderLength + (folder * FolderLength), FolderLength);
        return _data.AsSpan(_textAt + (int)BinaryPrimitives.ReadUInt32LittleEndian(record), (int)BinaryPrimitives.ReadUInt32LittleEndian(record[4..]));
    }

    /// <summary>The saved folder of a UTF-8 path (only valid UTF-8 can name one: every saved path is), or null.</summary>
    private (string Folder, int Index)? FindFolderUtf8(ReadOnlySpan<byte> folderPath)
    {
        if (!Utf8.IsValid(folderPath))
        {
            return null;
        }

        char[]? rented = null;
        var chars = folderPath.Length <= 512 ? stackalloc char[512] : (rented = ArrayPool<char>.Shared.Rent(folderPath.Length));
        try
        {
            var length = Encoding.UTF8.GetChars(folderPath, chars);
            return _folderBySpan.TryGetValue(chars[..length], out var folder, out var index) ? (folder, index) : null;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private int FindInFolder(int folder, ReadOnlySpan<byte> name, int likely)
    {
        var record = _data.AsSpan(HeaderLength + (folder * FolderLength), FolderLength);
        var low = (int)BinaryPrimitives.ReadUInt32LittleEndian(record[8..]);
        var high = low + (int)BinaryPrimitives.ReadUInt32LittleEndian(record[12..]) - 1;
        if (likely >= low && likely <= high && NameAt(likely).SequenceEqual(name))
        {
            return likely;
        }

        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = NameAt(middle).SequenceCompareTo(name);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    /// <summary>A (text offset, length) pair at the start of <paramref name="record"/>, if it lies inside the text.</summary>
    private static (int Start, int Length)? Slice(ReadOnlySpan<byte> text, ReadOnlySpan<byte> record)
    {
        var start = BinaryPrimitives.ReadUInt32LittleEndian(record);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(record[4..]);
        return start <= text.Length && length <= text.Length - start ? ((int)start, (int)length) : null;
    }

    private static bool NamesAreSorted(byte[] data, ReadOnlySpan<byte> text, int entriesAt, uint first, uint count)
    {
        ReadOnlySpan<byte> previous = default;
        for (var e = first; e < first + count; e++)
        {
            if (Slice(text, data.AsSpan(entriesAt + ((int)e * EntryLength) + NameOffsetAt, 8)) is not { } slice)
            {
                return false;
            }

            var name = text.Slice(slice.Start, slice.Length);
            if (!IsName(name) || (e > first && previous.SequenceCompareTo(name) >= 0))
            {
                return false;
            }

            previous = name;
        }

        return true;
    }

    /// <summary>One path segment: not empty, not <c>.</c> or <c>..</c>, no separator or NUL, valid UTF-8.</summary>
    internal static bool IsName(ReadOnlySpan<byte> name) =>
        name.Length > 0 && !name.SequenceEqual("."u8) && !name.SequenceEqual(".."u8) && name.IndexOfAny((byte)'/', (byte)'\\', (byte)0) < 0 && Utf8.IsValid(name);

    /// <summary>"" (the workspace root) or names joined by <c>/</c>: nothing that leads outside the workspace.</summary>
    internal static bool IsFolderPath(ReadOnlySpan<byte> path)
    {
        if (path.Length == 0)
        {
            return true;
        }

        foreach (var range in path.Split((byte)'/'))
        {
            if (!IsName(path[range]))
            {
                return false;
            }
        }

        return true;
    }
}
