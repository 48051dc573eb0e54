using System.Text.Json;
using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Cluster.Agent;

/// <summary>Fetches a job's spec from the remote cache and accepts it only when its bytes hash to the name it was fetched by.</summary>
public static class JobSpecReader
{
    public static async Task<ClusterJob> ReadAsync(RemoteCacheSession remote, ContentDigest digest, CancellationToken cancellationToken)
    {
        var bytes = await RemoteObjects.ReadAllAsync(remote, RemoteObjectKey.Blob(digest), ClusterJobJson.MaxBytes, cancellationToken).ConfigureAwait(false)
            ?? throw new AgentException(ClusterCodes.SpecMissing, $"the job spec cas/{digest.Hex} is not in the remote cache {remote.Store.DisplayUrl}", AgentExitCodes.Refused);
        if (ClusterJobJson.DigestOf(bytes) != digest)
        {
            throw new AgentException(ClusterCodes.SpecDamaged, $"the job spec cas/{digest.Hex} does not hash to its name (or is larger than {ClusterJobJson.MaxBytes} bytes); refusing it", AgentExitCodes.Refused);
        }

        ClusterJob job;
        try
        {
            job = ClusterJobJson.Deserialize(bytes);
        }
        catch (JsonException e)
        {
            throw new AgentException(ClusterCodes.SpecDamaged, $"the job spec cas/{digest.Hex} is not a valid job: {e.Message}", AgentExitCodes.Refused);
        }

        JobSpecCheck.Check(job);
        return job;
    }
}
