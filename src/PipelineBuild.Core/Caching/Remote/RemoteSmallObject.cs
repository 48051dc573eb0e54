using System.Net.Http;

namespace PipelineBuild.Core.Caching.Remote;

/// <summary>A small object of the remote (an action entry, a cluster job's spec) read whole into memory, never more than a limit.</summary>
public static class RemoteSmallObject
{
    /// <summary>
    /// The object's bytes; null when it does not exist, empty when it is longer than <paramref name="limit"/> (the caller's
    /// check then refuses it). A download that breaks off throws <see cref="RemoteStoreException"/>, which the session retries.
    /// </summary>
    public static async Task<byte[]?> ReadAsync(IRemoteStore store, RemoteObjectKey key, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stream = await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16384];
            int read;
            while ((read = await ReadChunkAsync(stream, chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return [];
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private static async Task<int> ReadChunkAsync(Stream stream, byte[] chunk, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new RemoteStoreException($"a download broke off: {e.Message}", e);
        }
    }
}
