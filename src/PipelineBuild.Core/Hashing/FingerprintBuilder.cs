using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// Streams typed, length-prefixed fields into SHA-256, so that no two different field sequences
/// can produce the same byte stream (no ambiguity between "ab"+"c" and "a"+"bc").
/// </summary>
public sealed class FingerprintBuilder : IDisposable
{
    private const byte StringTag = 0x01;
    private const byte DigestTag = 0x02;
    private const byte IntTag = 0x03;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public FingerprintBuilder(int schemaVersion)
    {
        Add("schema", schemaVersion);
    }

    public FingerprintBuilder Add(string field, string? value)
    {
        WriteString(field);
        if (value is null)
        {
            _hash.AppendData([0x00]);
        }
        else
        {
            _hash.AppendData([StringTag]);
            WriteString(value);
        }

        return this;
    }

    public FingerprintBuilder Add(string field, ContentDigest digest)
    {
        WriteString(field);
        _hash.AppendData([DigestTag]);
        _hash.AppendData(Convert.FromHexString(digest.Hex));
        return this;
    }

    public FingerprintBuilder Add(string field, long value)
    {
        WriteString(field);
        Span<byte> buffer = stackalloc byte[9];
        buffer[0] = IntTag;
        BinaryPrimitives.WriteInt64LittleEndian(buffer[1..], value);
        _hash.AppendData(buffer);
        return this;
    }

    public ContentDigest BuildDigest() => ContentDigest.FromHash(_hash.GetHashAndReset());

    public ActionKey Build() => new(BuildDigest());

    public void Dispose() => _hash.Dispose();

    private void WriteString(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, byteCount);
        _hash.AppendData(length);
        if (byteCount <= 512)
        {
            Span<byte> bytes = stackalloc byte[byteCount];
            Encoding.UTF8.GetBytes(value, bytes);
            _hash.AppendData(bytes);
        }
        else
        {
            _hash.AppendData(Encoding.UTF8.GetBytes(value));
        }
    }
}
