using System.Buffers;
using System.Security.Cryptography;

namespace PipelineBuild.Core.Hashing;

/// <summary>Streams files through SHA-256 without reading them whole into memory.</summary>
public static class FileHasher
{
    private const int BufferSize = 1 << 20;
    private const int SmallFileBytes = 16 << 10;

    public static ContentDigest Hash(string path)
    {
        using var stream = OpenSequential(path);
        return stream.Length <= SmallFileBytes ? HashSmall(stream) : Hash(stream, copyTo: null);
    }

    /// <summary>A small file in one read and one-shot SHA-256: no hash object, no large buffer (10⁵-file folders).</summary>
    private static ContentDigest HashSmall(Stream stream)
    {
        Span<byte> buffer = stackalloc byte[SmallFileBytes + 1];
        var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (length > SmallFileBytes)
        {
            // It grew since its length was read: hash it as it is now, from the start.
            stream.Position = 0;
            return Hash(stream, copyTo: null);
        }

        return ContentDigest.Of(buffer[..length]);
    }

    /// <summary>Hashes <paramref name="source"/> while copying it to <paramref name="copyTo"/>: one read of each byte.</summary>
    public static ContentDigest Hash(Stream source, Stream? copyTo)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = source.Read(buffer, 0, BufferSize)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                copyTo?.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return ContentDigest.FromHash(hash.GetHashAndReset());
    }

    /// <summary>The asynchronous <see cref="Hash(Stream, Stream?)"/> for network streams; also counts the bytes.</summary>
    public static async Task<(ContentDigest Digest, long Length)> HashAsync(Stream source, Stream copyTo, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long length = 0;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await copyTo.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                length += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (ContentDigest.FromHash(hash.GetHashAndReset()), length);
    }

    public static FileStream OpenSequential(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
}
