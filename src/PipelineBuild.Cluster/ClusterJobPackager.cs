using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Hashing;

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
    /// Uploads what the job needs and returns what its container needs. Throws a <see cref="PipelineException"/>
    /// (<see cref="ClusterCodes.PackingFailed"/>, exit code 3) when the remote cache cannot take it, or an input changed
    /// since it was hashed.
    /// </summary>
    public async Task<PackedJob> PackAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var job = ClusterJobSpec.Of(execution);
        var (blobs, bytes) = await UploadInputsAsync(execution, job, cancellationToken).ConfigureAwait(false);
        var spec = ClusterJobJson.Serialize(job);
        var digest = ClusterJobJson.DigestOf(spec);
        var (ok, _) = await _remote.TryAsync(
            async token =>
            {
                var key = RemoteObjectKey.Blob(digest);
                if (!await _remote.Store.ExistsAsync(key, token).ConfigureAwait(false))
                {
                    using var content = new MemoryStream(spec, writable: false);
                    await _remote.Store.PutAsync(key, content, spec.Length, token).ConfigureAwait(false);
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
        if (!ok)
        {
            throw Failed(execution, "the remote cache did not take its spec");
        }

        return new PackedJob(job, digest, EnvironmentOf(digest), SecretsOf(execution), blobs, bytes);
    }

    private async Task<(int Blobs, long Bytes)> UploadInputsAsync(StepExecution execution, ClusterJob job, CancellationToken cancellationToken)
    {
        var blobs = 0;
        long bytes = 0;
        var distinct = job.Inputs.GroupBy(i => i.Sha256, StringComparer.Ordinal).Select(g => g.First()).ToList();
        await Parallel.ForEachAsync(
            distinct,
            new ParallelOptions { MaxDegreeOfParallelism = _remote.Options.Parallelism, CancellationToken = cancellationToken },
            async (input, token) =>
            {
                var path = execution.Layout.FullPath(input.Path);
                if (!File.Exists(path) && ClusterJobSpec.RemoteOnlyOf(execution, new FileDigest(input.Path, ContentDigest.Parse(input.Sha256))) is not null)
                {
                    // An earlier cluster step left it in the remote: there are no bytes here to send, only its presence to check.
                    await EnsureRemoteAsync(execution, input, token).ConfigureAwait(false);
                    return;
                }

                var before = FileStat.Read(path);
                var (ok, sent) = await RemoteBlobUpload.TryAsync(_remote, ContentDigest.Parse(input.Sha256), path, token).ConfigureAwait(false);
                if (!ok)
                {
                    throw Failed(execution, $"the remote cache did not take its input '{input.Path}'");
                }

                // The digest was taken when the step was fingerprinted; a file rewritten since would be stored under a name
                // that is not its content's.
                if (sent > 0 && (before is null || before.Value.Size != input.Size || FileStat.Read(path) != before))
                {
                    throw Failed(execution, $"its input '{input.Path}' changed while the step was being packed; run again");
                }

                if (sent > 0)
                {
                    Interlocked.Increment(ref blobs);
                    Interlocked.Add(ref bytes, sent);
                }
            }).ConfigureAwait(false);
        return (blobs, bytes);
    }

    private async Task EnsureRemoteAsync(StepExecution execution, ClusterJobInput input, CancellationToken cancellationToken)
    {
        var key = RemoteObjectKey.Blob(ContentDigest.Parse(input.Sha256));
        var (ok, exists) = await _remote.TryAsync(token => _remote.Store.ExistsAsync(key, token), cancellationToken).ConfigureAwait(false);
        if (!ok)
        {
            throw Failed(execution, $"the remote cache did not answer for its input '{input.Path}'");
        }

        if (!exists)
        {
            throw new PipelineException(
                PipelineDiagnostic.Error(ClusterCodes.RemoteOnlyInputLost, execution.Step.Location, $"step '{execution.Step.Id}' cannot be sent to the cluster: its input '{input.Path}', left in the remote cache by an earlier run with --no-download, is no longer there ({_remote.Store.DisplayUrl})", "run again without --no-download: the step that made it runs again"),
                ExitCodes.ServiceUnavailable);
        }
    }

    private Dictionary<string, string> EnvironmentOf(ContentDigest spec) => new(StringComparer.Ordinal)
    {
        [ClusterEnvironment.Job] = spec.Hex,
        [ClusterEnvironment.CacheUrl] = _clusterCacheUrl,
    };

    private Dictionary<string, string> SecretsOf(StepExecution execution)
    {
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in ClusterEnvironment.CacheSecrets)
        {
            if (_environment.GetValueOrDefault(name) is { Length: > 0 } value)
            {
                secrets[name] = value;
            }
        }

        foreach (var name in execution.Step.Secrets.Names)
        {
            secrets[name] = execution.Step.Secrets.ValueOf(name) ?? "";
        }

        return secrets;
    }

    private PipelineException Failed(StepExecution execution, string what) =>
        new(PipelineDiagnostic.Error(ClusterCodes.PackingFailed, execution.Step.Location, $"step '{execution.Step.Id}' cannot be sent to the cluster: {what} ({_remote.Store.DisplayUrl})", "check that the remote cache answers and accepts writes, then run again"), ExitCodes.ServiceUnavailable);
}
