using System.Buffers;
using System.Security.Cryptography;

namespace PipelineBuild.Core.Hashing;

/// <summary>Streams files through SHA-256 without reading them whole into memory.</summary>
public static class FileHasher
{
    private const int BufferSize = 1 << 20;
    /// <summary>The longest file read whole in one read onto the stack and hashed in one shot.</summary>
    internal const int SmallFileBytes = 16 << 10;

    public static ContentDigest Hash(string path)
    {
        using var stream = OpenSequential(path);
        return stream.Length <= SmallFileBytes ? HashSmall(stream) : Hash(stream, copyTo: null);
    }

    /// <summary>
    /// The digest of a small file (Linux), read through a plain descriptor, and whether it is still as <paramref name="before"/>
    /// said once read; null when it is large, not on Linux, or cannot be read this way (the caller hashes it as usual).
    /// </summary>
    /// <exception cref="FileNotFoundException">The path names a FIFO, a device or a folder now (it was replaced since it was stat'ed).</exception>
    public static (ContentDigest Digest, bool Unchanged)? TryHashSmall(string path, FileStat before)
    {
        if (!OperatingSystem.IsLinux() || before.Size > SmallFileBytes)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[SmallFileBytes + 1];
        return LinuxSmallFile.Read(path, buffer, out var length, out var after) switch
        {
            LinuxSmallFile.Outcome.Read => (ContentDigest.Of(buffer[..length]), after == before),

            // Not handed to the caller's ordinary open: that one would wait for a FIFO's writer.
            LinuxSmallFile.Outcome.NotRegular => throw new FileNotFoundException($"'{path}' is no longer a regular file.", path),
            _ => null,
        };
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

    /// <summary>
    /// Writes what <paramref name="source"/> yields (a download) to a new file at <paramref name="path"/> while hashing
    /// it: each byte is written once. Two buffers alternate, so the network read of one chunk overlaps the
    /// hashing and disk write of the previous one; memory stays at two buffers whatever the size.
    /// </summary>
    public static async Task<(ContentDigest Digest, long Length)> HashToFileAsync(Stream source, string path, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        var filling = ArrayPool<byte>.Shared.Rent(BufferSize);
        var draining = ArrayPool<byte>.Shared.Rent(BufferSize);
        var previous = Task.CompletedTask;
        long length = 0;
        try
        {
            int read;
            while ((read = await source.ReadAtLeastAsync(filling.AsMemory(0, BufferSize), BufferSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await previous.ConfigureAwait(false);
                var (chunk, count, offset) = (filling, read, length);
                previous = Task.Run(
                    () =>
                    {
                        hash.AppendData(chunk, 0, count);
                        RandomAccess.Write(file, chunk.AsSpan(0, count), offset);
                    },
                    cancellationToken);
                length += read;
                (filling, draining) = (draining, filling);
            }

            await previous.ConfigureAwait(false);
        }
        finally
        {
            // A chunk still being written when the read failed must finish before its buffer goes back to the pool.
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            ArrayPool<byte>.Shared.Return(filling);
            ArrayPool<byte>.Shared.Return(draining);
        }

        return (ContentDigest.FromHash(hash.GetHashAndReset()), length);
    }

    public static FileStream OpenSequential(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
}
