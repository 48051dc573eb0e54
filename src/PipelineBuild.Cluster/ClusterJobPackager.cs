using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Execution;

namespace PipelineBuild.Cluster;

/// <summary>
/// Packs a container step that must run into a cluster job: its spec (<see cref="ClusterJobSpec"/>), the input blobs the
/// remote cache lacks, then the spec itself, all through the run's <see cref="RemoteCacheSession"/>. No input byte is
/// hashed again: the digests are the ones the step's fingerprint was made from.
/// </summary>
public sealed class ClusterJobPackager
{
    private readonly RemoteCacheSession _remote;
    private readonly string _clusterCacheUrl;
    private readonly IReadOnlyDictionary<string, string> _environment;

    /// <param name="remote">The remote cache the tool uses (and the job reaches under <paramref name="clusterCacheUrl"/>).</param>
    /// <param name="clusterCacheUrl">The same remote's URL as the cluster's nodes see it.</param>
    /// <param name="environment">The tool's environment: the cache credentials set there travel to the job as secrets.</param>
    public ClusterJobPackager(RemoteCacheSession remote, string clusterCacheUrl, IReadOnlyDictionary<string, string> environment)
    {
        _remote = remote;
        _clusterCacheUrl = clusterCacheUrl;
        _environment = environment;
    }

    /// <summary>
    /// Uploads what the job needs and returns what its container needs. Throws a <see cref="Core.Diagnostics.PipelineException"/>
    /// (exit code 3) when the remote cache cannot take it.
    /// </summary>
    public Task<PackedJob> PackAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        _ = (_remote, _clusterCacheUrl, _environment, cancellationToken);
        throw new NotImplementedException("ClusterJobPackager.PackAsync: coming next on branch agent15");
    }
}
