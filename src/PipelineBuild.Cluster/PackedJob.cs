using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Cluster;

/// <summary>
/// A step packed for a cluster: its spec and inputs are in the remote cache. The executor starts the agent image with
/// <see cref="Environment"/> and <see cref="Secrets"/> in the container's environment (the secrets through its
/// secret mechanism) and <see cref="AgentPaths.Entrypoint"/> as the entrypoint.
/// </summary>
/// <param name="Job">The spec.</param>
/// <param name="SpecDigest">The spec's digest: <c>cas/&lt;digest&gt;</c> in the remote cache.</param>
/// <param name="Environment">Non-secret variables: <see cref="ClusterEnvironment.Job"/>, <see cref="ClusterEnvironment.CacheUrl"/>.</param>
/// <param name="Secrets">The step's secrets and the cache's credentials that are set: never in a spec, label or log.</param>
/// <param name="BlobsUploaded">Input blobs the remote lacked and got now.</param>
/// <param name="BytesUploaded">Their bytes.</param>
public sealed record PackedJob(
    ClusterJob Job,
    ContentDigest SpecDigest,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, string> Secrets,
    int BlobsUploaded,
    long BytesUploaded);
