using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Caching.Remote;

/// <summary>
/// Puts one blob whose digest is already known into the remote, unless the remote has it: through the session's retries
/// and its bound on transfers in flight. The bytes are not hashed again; the reader verifies them.
/// </summary>
public static class RemoteBlobUpload
{
    /// <summary>False when the remote failed; otherwise the bytes sent (0 when the remote had the blob).</summary>
    public static async Task<(bool Ok, long Bytes)> TryAsync(RemoteCacheSession session, ContentDigest digest, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await session.Transfers.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var key = RemoteObjectKey.Blob(digest);
            return await session.TryAsync(
                async token =>
                {
                    if (await session.Store.ExistsAsync(key, token).ConfigureAwait(false))
                    {
                        return 0L;
                    }

                    var source = FileHasher.OpenSequential(path);
                    await using (source.ConfigureAwait(false))
                    {
                        await session.Store.PutAsync(key, source, source.Length, token).ConfigureAwait(false);
                        session.CountUpload(source.Length);
                        return source.Length;
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            session.Transfers.Release();
        }
    }
}
