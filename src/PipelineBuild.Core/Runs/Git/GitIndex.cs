using System.Buffers.Binary;
using System.Text;

namespace PipelineBuild.Core.Runs.Git;

/// <summary>
/// The parts of git's index (<c>.git/index</c>, versions 2–4) a run record needs: the entries under
/// some paths and the root of the cached tree. Layouts only git itself reads (split or sparse
/// index, SHA-256) and damaged files give null: the caller asks git instead.
/// </summary>
public sealed class GitIndex
{
    private const int HeaderLength = 12;
    private const int ObjectIdLength = 20;
    private const int StatLength = 40;
    private const int EntryFixedLength = StatLength + ObjectIdLength + 2;
    internal const long MaxIndexBytes = 1L << 30;

    private readonly byte[] _data;

    private GitIndex(byte[] data, IReadOnlyList<GitIndexEntry> entries, string? rootTree, long modifiedNanoseconds)
    {
        _data = data;
        Entries = entries;
        RootTree = rootTree;
        ModifiedNanoseconds = modifiedNanoseconds;
    }

    /// <summary>The entries under the paths asked for, in index order, less those the reader's filter found unchanged.</summary>
    public IReadOnlyList<GitIndexEntry> Entries { get; }

    /// <summary>The tree the whole index would be committed as, when git cached it (no change staged since); else null.</summary>
    public string? RootTree { get; }

    /// <summary>When the index file was written: an entry modified at or after it may be "racily clean".</summary>
    public long ModifiedNanoseconds { get; }

    /// <summary>The index's own hash over its content, its last bytes (zeros when git skips it: <c>index.skipHash</c>); empty without a file.</summary>
    public ReadOnlySpan<byte> Checksum => _data.Length >= HeaderLength + ObjectIdLength ? _data.AsSpan(_data.Length - ObjectIdLength) : default;

    /// <summary>The blob git staged for <paramref name="entry"/>.</summary>
    public ReadOnlySpan<byte> ObjectIdOf(GitIndexEntry entry) => _data.AsSpan(entry.ObjectIdOffset, ObjectIdLength);

    /// <summary>
    /// Reads the index of <paramref name="repository"/>, keeping the entries <paramref name="scope"/> selects and
    /// <paramref name="unchanged"/> does not prove unchanged (no entry or path string is made for those); the bytes
    /// <paramref name="preload"/> read early when the file is unchanged since.
    /// </summary>
    public static GitIndex? Read(GitRepositoryLocation repository, GitPathScope scope, GitIndexEntryUnchanged? unchanged = null, GitIndexPreload? preload = null)
    {
        var path = Path.Combine(repository.GitDirectory, "index");
        byte[] data;
        long modified;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return new GitIndex([], [], null, 0);
            }

            if (info.Length > MaxIndexBytes)
            {
                return null;
            }

            modified = (info.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks * 100;
            data = preload?.Take(path) ?? File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        try
        {
            return Parse(data, scope, modified, unchanged);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or DecoderFallbackException)
        {
            return null;
        }
    }

    internal static GitIndex? Parse(byte[] data, GitPathScope scope, long modifiedNanoseconds, GitIndexEntryUnchanged? unchanged = null)
    {
        if (data.Length < HeaderLength + ObjectIdLength || !data.AsSpan(0, 4).SequenceEqual("DIRC"u8))
        {
            return null;
        }

        var version = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4));
        var count = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(8));
        if (version is < 2 or > 4)
        {
            return null;
        }

        var entries = new List<GitIndexEntry>();
        var offset = HeaderLength;
        var previousLength = 0;
        var pathBuffer = new byte[4096];
        for (var i = 0u; i < count; i++)
        {
            var entry = data.AsSpan(offset);
            var flags = BinaryPrimitives.ReadUInt16BigEndian(entry[(StatLength + ObjectIdLength)..]);
            var fixedLength = EntryFixedLength;
            var extended = (flags & 0x4000) != 0;
            ushort extendedFlags = 0;
            if (extended)
            {
                if (version < 3)
                {
                    return null;
                }

                extendedFlags = BinaryPrimitives.ReadUInt16BigEndian(entry[fixedLength..]);
                fixedLength += 2;
            }

            ReadOnlySpan<byte> name;
            int entryLength;
            if (version == 4)
            {
                // Prefix compression: drop N bytes of the previous path, then append a NUL-terminated suffix.
                var (strip, varintLength) = ReadOffsetVarint(entry[fixedLength..]);
                var suffix = entry[(fixedLength + varintLength)..];
                var end = suffix.IndexOf((byte)0);
                if (end < 0 || strip > previousLength)
                {
                    return null;
                }

                var keep = previousLength - (int)strip;
                previousLength = keep + end;
                if (pathBuffer.Length < previousLength)
                {
                    Array.Resize(ref pathBuffer, previousLength * 2);
                }

                suffix[..end].CopyTo(pathBuffer.AsSpan(keep));
                name = pathBuffer.AsSpan(0, previousLength);
                entryLength = fixedLength + varintLength + end + 1;
            }
            else
            {
                var end = entry[fixedLength..].IndexOf((byte)0);
                if (end < 0)
                {
                    return null;
                }

                name = entry.Slice(fixedLength, end);
                entryLength = (fixedLength + end + 8) & ~7;
            }

            if (scope.Contains(name))
            {
                var found = ToEntry(entry, offset, flags, extendedFlags);
                if (unchanged is null || found.Flags != GitIndexEntryFlags.None || (found.Mode & 0xF000) != 0x8000
                    || found.ModifiedNanoseconds >= modifiedNanoseconds || !unchanged(name, found))
                {
                    entries.Add(found with { Path = Encoding.UTF8.GetString(name) });
                }
            }

            offset += entryLength;
        }

        var rootTree = ReadExtensions(data.AsSpan(offset, data.Length - offset - ObjectIdLength), out var supported);
        return supported ? new GitIndex(data, entries, rootTree, modifiedNanoseconds) : null;
    }

    /// <summary>The entry without its path (<see cref="GitIndexEntry.Path"/> empty): made only for entries kept.</summary>
    private static GitIndexEntry ToEntry(ReadOnlySpan<byte> entry, int offset, ushort flags, ushort extendedFlags)
    {
        static long Time(ReadOnlySpan<byte> at) =>
            (BinaryPrimitives.ReadUInt32BigEndian(at) * 1_000_000_000L) + BinaryPrimitives.ReadUInt32BigEndian(at[4..]);

        var entryFlags = GitIndexEntryFlags.None;
        if ((flags & 0x3000) != 0)
        {
            entryFlags |= GitIndexEntryFlags.Conflicted;
        }

        if ((extendedFlags & 0x2000) != 0)
        {
            entryFlags |= GitIndexEntryFlags.IntentToAdd;
        }

        if ((flags & 0x8000) != 0 || (extendedFlags & 0x4000) != 0)
        {
            entryFlags |= GitIndexEntryFlags.NotChecked;
        }

        return new GitIndexEntry(
            "",
            Time(entry),
            Time(entry[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(entry[20..]),
            BinaryPrimitives.ReadUInt32BigEndian(entry[24..]),
            BinaryPrimitives.ReadUInt32BigEndian(entry[36..]),
            offset + StatLength,
            entryFlags);
    }

    /// <summary>git's offset varint (varint.c): each continuation adds one before shifting.</summary>
    private static (long Value, int Length) ReadOffsetVarint(ReadOnlySpan<byte> data)
    {
        var length = 0;
        var c = data[length++];
        long value = c & 0x7f;
        while ((c & 0x80) != 0)
        {
            if (length > 8)
            {
                throw new ArgumentOutOfRangeException(nameof(data), "varint too long");
            }

            value++;
            c = data[length++];
            value = (value << 7) + (c & 0x7f);
        }

        return (value, length);
    }

    /// <summary>The root of the cached tree (<c>TREE</c>), if valid; <paramref name="supported"/> false for a split or sparse index.</summary>
    private static string? ReadExtensions(ReadOnlySpan<byte> data, out bool supported)
    {
        supported = true;
        string? root = null;
        while (data.Length >= 8)
        {
            var signature = data[..4];
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
            var body = data.Slice(8, size);
            if (signature.SequenceEqual("link"u8) || signature.SequenceEqual("sdir"u8))
            {
                supported = false;
                return null;
            }

            if (signature.SequenceEqual("TREE"u8))
            {
                root = ReadRootTree(body);
            }

            data = data[(8 + size)..];
        }

        return root;
    }

    /// <summary>The first cache-tree entry is the root: "" NUL, entry count (-1: invalidated), ' ', subtrees, '\n', object id.</summary>
    private static string? ReadRootTree(ReadOnlySpan<byte> body)
    {
        if (body.Length == 0 || body[0] != 0)
        {
            return null;
        }

        var newline = body.IndexOf((byte)'\n');
        if (newline < 0 || body[1] == (byte)'-' || body.Length < newline + 1 + ObjectIdLength)
        {
            return null;
        }

        return Convert.ToHexStringLower(body.Slice(newline + 1, ObjectIdLength));
    }
}
