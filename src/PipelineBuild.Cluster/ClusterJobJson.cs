using System.Text.Json;
using System.Text.Json.Serialization;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Cluster;

/// <summary>
/// The JSON of a <see cref="ClusterJob"/> (source-generated, safe under Native AOT). Reading is strict: an unknown
/// member, a missing one or a null where the contract has none is refused, as is another schema.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(ClusterJob))]
public sealed partial class ClusterJobJson : JsonSerializerContext
{
    /// <summary>The largest spec the agent reads (a step with a few hundred thousand input files).</summary>
    public const int MaxBytes = 64 << 20;

    /// <summary>The spec's bytes: the same job always gives the same bytes, so the same <c>cas/</c> object.</summary>
    public static byte[] Serialize(ClusterJob job) => JsonSerializer.SerializeToUtf8Bytes(job, Default.ClusterJob);

    /// <summary>The job the bytes hold; <see cref="JsonException"/> when they are not a schema-1 job.</summary>
    public static ClusterJob Deserialize(ReadOnlySpan<byte> utf8)
    {
        var job = JsonSerializer.Deserialize(utf8, Default.ClusterJob) ?? throw new JsonException("the job spec is null");
        if (job.Schema != PipelineBuild.Cluster.ClusterJob.CurrentSchema)
        {
            throw new JsonException($"the job spec has schema {job.Schema}; this agent reads schema {PipelineBuild.Cluster.ClusterJob.CurrentSchema}");
        }

        return job;
    }

    /// <summary>The digest the spec is stored under: <c>cas/&lt;digest&gt;</c>, and <see cref="ClusterEnvironment.Job"/>'s value.</summary>
    public static ContentDigest DigestOf(ReadOnlySpan<byte> utf8) => ContentDigest.Of(utf8);
}
