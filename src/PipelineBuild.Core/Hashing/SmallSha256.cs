using System.Security.Cryptography;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// SHA-256 of what a run hashes besides file contents (fingerprints, the definition cache's key and entry, the
/// pipeline and params files): managed up to <see cref="ManagedLimit"/>, so a no-op never loads OpenSSL, and
/// OpenSSL's past it, where its speed per byte outweighs loading it. The digest is the same either way.
/// </summary>
public static class SmallSha256
{
    /// <summary>1 MiB: ≈ 7 ms managed, against ≈ 4 ms to load OpenSSL and ≈ 1 ms to hash with it.</summary>
    public const int ManagedLimit = 1024 * 1024;

    public static void HashData(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length <= ManagedLimit)
        {
            ManagedSha256.HashData(source, destination);
        }
        else
        {
            SHA256.HashData(source, destination);
        }
    }

    public static byte[] HashData(ReadOnlySpan<byte> source)
    {
        var digest = new byte[ManagedSha256.HashBytes];
        HashData(source, digest);
        return digest;
    }
}
