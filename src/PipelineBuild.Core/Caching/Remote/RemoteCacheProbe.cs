using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Caching.Remote;

/// <summary><c>--cache-required</c>: the remote must answer before the run starts and stay usable to its end (else exit 3).</summary>
public static class RemoteCacheProbe
{
    /// <summary>Asks for an entry no run writes: any answer (found or not) means the remote works.</summary>
    public static async Task<bool> IsReachableAsync(RemoteCacheSession session, CancellationToken cancellationToken)
    {
        var probe = RemoteObjectKey.Entry(new ActionKey(ContentDigest.Of("pipelinebuild remote cache probe"u8)));
        var (ok, _) = await session.TryAsync(token => session.Store.ExistsAsync(probe, token), cancellationToken).ConfigureAwait(false);
        return ok;
    }

    public static PipelineException RequiredButUnavailable(RemoteCacheSession session) =>
        new(RemoteCacheCodes.Required, Message(session), ExitCodes.ServiceUnavailable);

    public static string Message(RemoteCacheSession session) =>
        $"error {RemoteCacheCodes.Required}: the remote cache {session.Store.DisplayUrl} is required (--cache-required) but unavailable ({session.Summary().Unavailable}); check the URL, the server and its credentials, or run without --cache-required";
}
