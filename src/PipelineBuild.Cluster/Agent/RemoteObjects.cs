using PipelineBuild.Core.Caching.Remote;

namespace PipelineBuild.Cluster.Agent;

/// <summary>Small objects of the remote cache read whole, through the session's retries.</summary>
internal static class RemoteObjects
{
    /// <summary>The object's bytes, at most <paramref name="limit"/> + 1 of them (so a longer one fails its digest check); null when it does not exist.</summary>
    public static async Task<byte[]?> ReadAllAsync(RemoteCacheSession remote, RemoteObjectKey key, int limit, CancellationToken cancellationToken)
    {
        var (ok, bytes) = await remote.TryAsync(
            async token =>
            {
                var stream = await remote.Store.OpenReadAsync(key, token).ConfigureAwait(false);
                if (stream is null)
                {
                    return null;
                }

                await using (stream.ConfigureAwait(false))
                {
                    using var buffer = new MemoryStream();
                    var chunk = new byte[81920];
                    int read;
                    while ((read = await stream.ReadAsync(chunk, token).ConfigureAwait(false)) > 0 && buffer.Length <= limit)
                    {
                        buffer.Write(chunk, 0, Math.Min(read, (int)(limit + 1 - buffer.Length)));
                    }

                    return buffer.ToArray();
                }
            },
            cancellationToken).ConfigureAwait(false);
        return ok ? bytes : throw Unavailable(remote);
    }

    public static AgentException Unavailable(RemoteCacheSession remote) =>
        new(ClusterCodes.CacheUnavailable, $"the remote cache {remote.Store.DisplayUrl} did not answer", AgentExitCodes.CacheUnavailable);
}
