using System.Buffers.Binary;
using System.Security.Cryptography;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Caching;

/// <summary>
/// The bytes of an action pack (<c>ac/packs/*.pack</c>): a header line, then one record per entry, each appended by one
/// <c>write</c>: the JSON length (4 bytes, little-endian), the action key (32 bytes), the entry's JSON, and the SHA-256 of
/// all three before it (32 bytes). A reader trusts records up to the first that is cut short or does not match its
/// checksum (a write torn by a crash or a power loss, or damage) and nothing after it; every trusted record is still
/// parsed and bound to its key like an entry file.
/// </summary>
internal static class ActionPackFormat
{
    public static ReadOnlySpan<byte> Header => "PBACPACK1\n"u8;

    private const int LengthBytes = 4;
    private const int KeyBytes = ContentDigest.ByteLength;
    private const int ChecksumBytes = ContentDigest.ByteLength;

    /// <summary>One record: what <see cref="Read"/> accepts back.</summary>
    public static byte[] Record(ActionKey key, ReadOnlySpan<byte> json)
    {
        var record = new byte[LengthBytes + KeyBytes + json.Length + ChecksumBytes];
        BinaryPrimitives.WriteInt32LittleEndian(record, json.Length);
        key.Digest.CopyTo(record.AsSpan(LengthBytes, KeyBytes));
        json.CopyTo(record.AsSpan(LengthBytes + KeyBytes));
        var body = record.Length - ChecksumBytes;
        SHA256.HashData(record.AsSpan(0, body), record.AsSpan(body));
        return record;
    }

    /// <summary>
    /// The records of a pack in order (key, and where its JSON lies in <paramref name="pack"/>), and how many bytes at
    /// its end were not trusted (0 for an intact pack). A pack without the header yields nothing.
    /// </summary>
    public static (List<(ActionKey Key, int Offset, int Length)> Records, int UntrustedBytes) Read(ReadOnlySpan<byte> pack, long maxJsonBytes)
    {
        var records = new List<(ActionKey, int, int)>();
        if (!pack.StartsWith(Header))
        {
            return (records, pack.Length);
        }

        var position = Header.Length;
        Span<byte> checksum = stackalloc byte[ChecksumBytes];
        while (position < pack.Length)
        {
            var rest = pack[position..];
            if (rest.Length < LengthBytes + KeyBytes + ChecksumBytes)
            {
                break;
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(rest);
            if (length < 0 || length > maxJsonBytes || length > rest.Length - LengthBytes - KeyBytes - ChecksumBytes)
            {
                break;
            }

            var body = LengthBytes + KeyBytes + length;
            SHA256.HashData(rest[..body], checksum);
            if (!checksum.SequenceEqual(rest.Slice(body, ChecksumBytes)))
            {
                break;
            }

            records.Add((new ActionKey(ContentDigest.FromHash(rest.Slice(LengthBytes, KeyBytes))), position + LengthBytes + KeyBytes, length));
            position += body + ChecksumBytes;
        }

        return (records, pack.Length - position);
    }
}
