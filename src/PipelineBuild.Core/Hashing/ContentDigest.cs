using System.Security.Cryptography;

namespace PipelineBuild.Core.Hashing;

/// <summary>The SHA-256 of some content, as 64 lowercase hex characters.</summary>
public readonly record struct ContentDigest
{
    public const int HexLength = 64;

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private ContentDigest(string hex)
    {
        Hex = hex;
    }

    public string Hex { get; }

    public static ContentDigest FromHash(ReadOnlySpan<byte> sha256) => new(Convert.ToHexStringLower(sha256));

    public static ContentDigest Of(ReadOnlySpan<byte> content) => FromHash(SHA256.HashData(content));

    public static bool TryParse(string? text, out ContentDigest digest)
    {
        if (text is { Length: HexLength } && !text.AsSpan().ContainsAnyExcept(LowerHex))
        {
            digest = new ContentDigest(text);
            return true;
        }

        digest = default;
        return false;
    }

    public static ContentDigest Parse(string text) =>
        TryParse(text, out var digest) ? digest : throw new FormatException($"'{text}' is not a SHA-256 hex digest.");

    public override string ToString() => Hex;

    /// <summary>The first 12 hex characters, for display.</summary>
    public string Short => Hex[..12];
}
