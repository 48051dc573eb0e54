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

    /// <summary>
    /// The SHA-256 of what is left of <paramref name="source"/>, read a chunk at a time (never held whole), or null when it
    /// holds more than <paramref name="maxBytes"/>. Managed when its length says it is small, as for a span.
    /// </summary>
    public static byte[]? HashData(Stream source, long maxBytes)
    {
        var managed = source.CanSeek && source.Length - source.Position <= ManagedLimit ? new ManagedSha256.Incremental() : null;
        using var platform = managed is null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        Span<byte> chunk = stackalloc byte[8192];
        long total = 0;
        int read;
        while ((read = source.Read(chunk)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                return null;
            }

            managed?.Append(chunk[..read]);
            platform?.AppendData(chunk[..read]);
        }

        var digest = new byte[ManagedSha256.HashBytes];
        if (managed is not null)
        {
            managed.Finish(digest);
        }
        else
        {
            platform!.GetHashAndReset(digest);
        }

        return digest;
    }

    public static byte[] HashData(ReadOnlySpan<byte> source)
    {
        var digest = new byte[ManagedSha256.HashBytes];
        HashData(source, digest);
        return digest;
    }
}
