using PipelineBuild.Core.Caching.Remote;

namespace PipelineBuild.Cluster.Agent;

/// <summary>Small objects of the remote cache read whole, through the session's retries.</summary>
internal static class RemoteObjects
{
    /// <summary>The object's bytes (empty when longer than <paramref name="limit"/>, so it fails its digest check); null when it does not exist.</summary>
    public static async Task<byte[]?> ReadAllAsync(RemoteCacheSession remote, RemoteObjectKey key, int limit, CancellationToken cancellationToken)
    {
        var (ok, bytes) = await remote.TryAsync(token => RemoteSmallObject.ReadAsync(remote.Store, key, limit, token), cancellationToken).ConfigureAwait(false);
        return ok ? bytes : throw Unavailable(remote);
    }

    public static AgentException Unavailable(RemoteCacheSession remote) =>
        new(ClusterCodes.CacheUnavailable, $"the remote cache {remote.Store.DisplayUrl} did not answer", AgentExitCodes.CacheUnavailable);
}
