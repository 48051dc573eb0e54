using System.Security.Cryptography;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Caching.Remote;

/// <summary>
/// HMAC-SHA256 over an action entry's canonical bytes, so a reader with the same key can tell entries
/// its writers made from entries anyone with write access to the remote planted.
/// </summary>
public sealed class EntrySigner
{
    private const string Prefix = "hmac-sha256:";
    private readonly byte[] _key;

    public EntrySigner(byte[] key)
    {
        _key = key;
    }

    /// <summary>The signer for <c>PIPELINEBUILD_CACHE_SIGNING_KEY</c>, or null when it is not set.</summary>
    public static EntrySigner? FromEnvironment(IReadOnlyDictionary<string, string> environment) =>
        environment.GetValueOrDefault(RemoteCacheEnvironment.SigningKey) is { Length: > 0 } key
            ? new EntrySigner(System.Text.Encoding.UTF8.GetBytes(key))
            : null;

    public string Sign(ActionEntry entry) => Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(_key, ActionEntryJson.CanonicalBytes(entry)));

    public bool Verify(ActionEntry entry, string? signature)
    {
        if (signature is null || !signature.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var expected = HMACSHA256.HashData(_key, ActionEntryJson.CanonicalBytes(entry));
        byte[] actual;
        try
        {
            actual = Convert.FromHexString(signature.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
