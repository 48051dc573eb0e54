using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// The SHA-256 of some content. Held as 32 bytes inline (no heap object), since every input, output
/// and stat cache entry of every run carries one; written as 64 lowercase hex characters.
/// </summary>
public readonly struct ContentDigest : IEquatable<ContentDigest>
{
    public const int HexLength = 64;
    public const int ByteLength = 32;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");
    private static readonly SearchValues<byte> LowerHexUtf8 = SearchValues.Create("0123456789abcdef"u8);

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    private ContentDigest(ReadOnlySpan<byte> bytes)
    {
        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    public string Hex
    {
        get
        {
            Span<byte> bytes = stackalloc byte[ByteLength];
            CopyTo(bytes);
            return Convert.ToHexStringLower(bytes);
        }
    }

    /// <summary>
    /// Up to two SHA-256 blocks (with the padding): OpenSSL's set-up of each call (≈ 0.9 µs) costs more than the
    /// managed hash of so little (≈ 0.4–0.6 µs), which a folder of 10⁵ tiny files pays 10⁵ times.
    /// </summary>
    private const int TinyContentBytes = 119;

    public static ContentDigest FromHash(ReadOnlySpan<byte> sha256) =>
        sha256.Length == ByteLength ? new ContentDigest(sha256) : throw new ArgumentException("A SHA-256 digest has 32 bytes.", nameof(sha256));

    public static ContentDigest Of(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[ByteLength];
        if (content.Length <= TinyContentBytes)
        {
            ManagedSha256.HashData(content, hash);
        }
        else
        {
            SHA256.HashData(content, hash);
        }

        return new ContentDigest(hash);
    }

    public static bool TryParse(string? text, out ContentDigest digest) => TryParse(text.AsSpan(), out digest);

    public static bool TryParse(ReadOnlySpan<char> text, out ContentDigest digest)
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        if (text.Length == HexLength && !text.ContainsAnyExcept(LowerHex)
            && Convert.FromHexString(text, bytes, out _, out _) == OperationStatus.Done)
        {
            digest = new ContentDigest(bytes);
            return true;
        }

        digest = default;
        return false;
    }

    /// <summary>Parses UTF-8 hex straight from a buffer (the lock file), without making a string first; vectorized, since a no-op parses four digests per step.</summary>
    public static bool TryParseUtf8(ReadOnlySpan<byte> utf8, out ContentDigest digest)
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        if (utf8.Length == HexLength && !utf8.ContainsAnyExcept(LowerHexUtf8)
            && Convert.FromHexString(utf8, bytes, out _, out _) == OperationStatus.Done)
        {
            digest = new ContentDigest(bytes);
            return true;
        }

        digest = default;
        return false;
    }

    public static ContentDigest Parse(string text) =>
        TryParse(text, out var digest) ? digest : throw new FormatException($"'{text}' is not a SHA-256 hex digest.");

    public static bool operator ==(ContentDigest left, ContentDigest right) => left.Equals(right);

    public static bool operator !=(ContentDigest left, ContentDigest right) => !left.Equals(right);

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    /// <summary>
    /// The 64 lower-case hex digits as UTF-8, eight at a time in one 64-bit register: the Native AOT build targets CPUs
    /// without SSSE3, where .NET's vectorised hex encoder falls back to an emulated shuffle, and a table look-up per byte
    /// was still 1.4 % of a 100,000-file no-op's CPU (its tree listing writes a digest per file).
    /// </summary>
    public void WriteHexUtf8(Span<byte> destination)
    {
        destination = destination[..HexLength];
        WriteHexUtf8(_a, destination);
        WriteHexUtf8(_b, destination[16..]);
        WriteHexUtf8(_c, destination[32..]);
        WriteHexUtf8(_d, destination[48..]);
    }

    public bool Equals(ContentDigest other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is ContentDigest other && Equals(other);

    private static void WriteHexUtf8(ulong value, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, HexDigits((uint)(value >> 32)));
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], HexDigits((uint)value));
    }

    /// <summary>The eight hex digits of <paramref name="value"/> as ASCII bytes, the most significant digit in the highest byte.</summary>
    private static ulong HexDigits(uint value)
    {
        // Spread the nibbles one a byte: 0x12345678 → 0x0102030405060708.
        ulong x = value;
        x = ((x & 0xFFFF_0000UL) << 16) | (x & 0xFFFFUL);
        x = ((x & 0x0000_FF00_0000_FF00UL) << 8) | (x & 0x0000_00FF_0000_00FFUL);
        x = ((x & 0x00F0_00F0_00F0_00F0UL) << 4) | (x & 0x000F_000F_000F_000FUL);

        // '0' + nibble, and 'a' - '0' - 10 = 39 more where the nibble is 10 or above (then nibble + 6 carries into bit 4).
        var letters = ((x + 0x0606_0606_0606_0606UL) >> 4) & 0x0101_0101_0101_0101UL;
        return x + 0x3030_3030_3030_3030UL + (letters * 39);
    }

    public override int GetHashCode() => _a.GetHashCode();

    public override string ToString() => Hex;
}
