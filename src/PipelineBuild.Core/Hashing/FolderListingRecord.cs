using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// One remembered folder listing as the stat cache file holds it (little-endian): the folder's path length (4 bytes)
/// and UTF-8 path ("" for the root), its device, inode, mtime ns and ctime ns (4 × 8 bytes), the entry count (4 bytes),
/// then per entry its kind (1 file, 2 folder, 3 link, 4 other: links not followed), its name's length (1 byte) and
/// UTF-8 name, the names strictly increasing by their bytes. Records are read only after <see cref="Measure"/>
/// accepted them.
/// </summary>
internal static class FolderListingRecord
{
    private const int StatLength = 32;
    private const int MaxNameBytes = byte.MaxValue;

    /// <summary>
    /// The length of the record at the start of <paramref name="data"/> and its folder path, or -1 unless every part of
    /// it checks out: lengths inside the data, the folder and every name a well-formed path of the workspace, the kinds
    /// known, the names strictly in order (so none twice).
    /// </summary>
    public static int Measure(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> folder)
    {
        folder = default;
        if (data.Length < 4)
        {
            return -1;
        }

        var folderLength = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (folderLength > data.Length - 4 - StatLength - 4)
        {
            return -1;
        }

        folder = data.Slice(4, (int)folderLength);
        if (!StatCacheSnapshot.IsFolderPath(folder))
        {
            return -1;
        }

        var at = 4 + (int)folderLength + StatLength;
        var count = BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);
        at += 4;
        ReadOnlySpan<byte> previous = default;
        for (var e = 0u; e < count; e++)
        {
            if (data.Length - at < 2 || data[at] is < 1 or > 4 || data[at + 1] > data.Length - at - 2)
            {
                return -1;
            }

            var name = data.Slice(at + 2, data[at + 1]);
            if (!StatCacheSnapshot.IsName(name) || (e > 0 && previous.SequenceCompareTo(name) >= 0))
            {
                return -1;
            }

            previous = name;
            at += 2 + name.Length;
        }

        return at;
    }

    public static FolderStat StatOf(ReadOnlySpan<byte> record)
    {
        var at = record[(4 + (int)BinaryPrimitives.ReadUInt32LittleEndian(record))..];
        return new FolderStat(
            BinaryPrimitives.ReadUInt64LittleEndian(at),
            BinaryPrimitives.ReadUInt64LittleEndian(at[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(at[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(at[24..]));
    }

    /// <summary>Adds the record's entries to <paramref name="entries"/>, each named <paramref name="prefix"/> + its name.</summary>
    public static void Replay(ReadOnlySpan<byte> record, string prefix, List<FolderEntry> entries)
    {
        var at = 4 + (int)BinaryPrimitives.ReadUInt32LittleEndian(record) + StatLength;
        var count = (int)BinaryPrimitives.ReadUInt32LittleEndian(record[at..]);
        at += 4;
        entries.EnsureCapacity(entries.Count + count);
        for (var e = 0; e < count; e++)
        {
            var kind = (FileKind)record[at];
            var name = record.Slice(at + 2, record[at + 1]);
            entries.Add(new FolderEntry(LinuxFolderEntries.Concat(prefix, name), kind));
            at += 2 + name.Length;
        }
    }

    /// <summary>
    /// The record of a folder listing, or null when the file could not hold it: a name or the folder path that the
    /// loader would refuse (a backslash, a name of more than 255 bytes, an ill-formed one) or an entry of unknown kind.
    /// </summary>
    public static byte[]? TryEncode(string relativeFolder, FolderStat stat, List<FolderEntry> entries, int prefixLength)
    {
        if (!IsWellFormed(relativeFolder))
        {
            return null;
        }

        var folderBytes = Encoding.UTF8.GetByteCount(relativeFolder);
        var length = 4 + folderBytes + StatLength + 4;
        foreach (var (relative, kind) in entries)
        {
            var name = relative.AsSpan(prefixLength);
            var nameBytes = Encoding.UTF8.GetByteCount(name);
            if (kind is not (FileKind.RegularFile or FileKind.Directory or FileKind.SymbolicLink or FileKind.Special)
                || nameBytes > MaxNameBytes || !IsWellFormed(name))
            {
                return null;
            }

            length += 2 + nameBytes;
        }

        // Sorted as UTF-16 in code point order, which for well-formed text is the UTF-8 byte order the loader checks:
        // no bytes per name before the record's own.
        var order = new int[entries.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, new ByName(entries, prefixLength));
        var record = new byte[length];
        BinaryPrimitives.WriteInt32LittleEndian(record, folderBytes);
        var at = 4 + Encoding.UTF8.GetBytes(relativeFolder, record.AsSpan(4));
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(at), stat.Device);
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(at + 8), stat.Inode);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(at + 16), stat.ModifiedNanoseconds);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(at + 24), stat.ChangedNanoseconds);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(at + StatLength), entries.Count);
        at += StatLength + 4;
        foreach (var i in order)
        {
            var (relative, kind) = entries[i];
            var nameBytes = Encoding.UTF8.GetBytes(relative.AsSpan(prefixLength), record.AsSpan(at + 2));
            record[at] = (byte)kind;
            record[at + 1] = (byte)nameBytes;
            at += 2 + nameBytes;
        }

        // Checked as the loader will check it: a record it would refuse would make the whole file ignored.
        return Measure(record, out _) == record.Length ? record : null;
    }

    private sealed class ByName(List<FolderEntry> entries, int prefixLength) : IComparer<int>
    {
        public int Compare(int a, int b) =>
            CodePointOrder.Compare(entries[a].Relative.AsSpan(prefixLength), entries[b].Relative.AsSpan(prefixLength));
    }

    /// <summary>Whether <paramref name="text"/> is well-formed UTF-16: a lone surrogate would not read back as itself.</summary>
    private static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        if (!text.ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return true;
        }

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
