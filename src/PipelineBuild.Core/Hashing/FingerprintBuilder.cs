using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// Frames typed, length-prefixed fields into one buffer and hashes it with SHA-256, so that no two
/// different field sequences can produce the same bytes (no ambiguity between "ab"+"c" and "a"+"bc").
/// A fingerprint is computed for every step of every run: a small one is hashed in one shot from a pooled
/// buffer; past <see cref="ChunkBytes"/> the framed bytes go into SHA-256 chunk by chunk, so a step over
/// 100,000 files needs no buffer the size of all its fields (the digest is the same either way).
/// </summary>
public sealed class FingerprintBuilder : IDisposable
{
    private const byte NullTag = 0x00;
    private const byte StringTag = 0x01;
    private const byte DigestTag = 0x02;
    private const byte IntTag = 0x03;
    private const int ChunkBytes = 64 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1024);
    private int _length;
    private IncrementalHash? _hash;

    public FingerprintBuilder(int schemaVersion)
    {
        Add("schema", schemaVersion);
    }

    public FingerprintBuilder Add(string field, string? value)
    {
        WriteString(field);
        if (value is null)
        {
            WriteByte(NullTag);
        }
        else
        {
            WriteByte(StringTag);
            WriteString(value);
        }

        return this;
    }

    public FingerprintBuilder Add(string field, ContentDigest digest)
    {
        WriteString(field);
        WriteByte(DigestTag);
        digest.CopyTo(Reserve(ContentDigest.ByteLength));
        _length += ContentDigest.ByteLength;
        return this;
    }

    public FingerprintBuilder Add(string field, long value)
    {
        WriteString(field);
        WriteByte(IntTag);
        BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);
        _length += 8;
        return this;
    }

    public ContentDigest BuildDigest()
    {
        Span<byte> hash = stackalloc byte[32];
        if (_hash is null)
        {
            SmallSha256.HashData(_buffer.AsSpan(0, _length), hash);
        }
        else
        {
            Flush();
            _hash.GetCurrentHash(hash);
        }

        return ContentDigest.FromHash(hash);
    }

    public ActionKey Build() => new(BuildDigest());

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _hash?.Dispose();
    }

    private void WriteByte(byte value)
    {
        Reserve(1)[0] = value;
        _length++;
    }

    /// <summary>The length, then the UTF-8: encoded once into room for the longest encoding, the length written after.</summary>
    private void WriteString(string value)
    {
        var room = Reserve(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var byteCount = Encoding.UTF8.GetBytes(value, room[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(room, byteCount);
        _length += 4 + byteCount;
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            if (_length + count > ChunkBytes)
            {
                Flush();
            }

            if (_length + count > _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
                _buffer.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
        }

        return _buffer.AsSpan(_length, count);
    }

    /// <summary>Moves the framed bytes so far into the incremental hash.</summary>
    private void Flush()
    {
        _hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _hash.AppendData(_buffer, 0, _length);
        _length = 0;
    }
}
