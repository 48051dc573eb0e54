using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;
using PipelineBuild.Kubernetes.Argo;
using PipelineBuild.Kubernetes.Manifests;
using PipelineBuild.Testing;

namespace PipelineBuild.Kubernetes.Tests;

/// <summary>
/// Reads written YAML back as a cluster would: YAML 1.2 core-schema scalars, then the client's models with
/// unknown fields refused, so a misspelt or misplaced field fails the test instead of vanishing.
/// </summary>
internal static class StrictManifests
{
    private static readonly JsonSerializerOptions Strict = new(ManifestJson.Default.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        TypeInfoResolver = ManifestJson.Default,
    };

    public static IReadOnlyList<V1Job> Jobs(string yaml) =>
        [.. Documents(yaml).Select(d => RoundTrip(d, (JsonSerializer.Deserialize<V1Job>(d, Strict) ?? throw new InvalidDataException("null job"))))];

    public static ArgoWorkflow Workflow(string yaml)
    {
        var document = Assert.Single(Documents(yaml));
        return RoundTrip(document, JsonSerializer.Deserialize<ArgoWorkflow>(document, Strict) ?? throw new InvalidDataException("null workflow"));
    }

    public static T Read<T>(JsonNode node) => JsonSerializer.Deserialize<T>(node, Strict) ?? throw new InvalidDataException("null");

    public static IReadOnlyList<JsonNode> Documents(string yaml) =>
        [.. YamlAsJson.Documents(yaml).Select(d => d ?? throw new InvalidDataException("empty YAML document"))];

    // Nothing the tool wrote may be lost in reading: the object written again gives the same JSON.
    private static T RoundTrip<T>(JsonNode read, T model)
    {
        var again = JsonSerializer.SerializeToNode(model, Strict);
        Assert.True(JsonNode.DeepEquals(read, again), $"read back differently:\n{read.ToJsonString()}\n{again?.ToJsonString()}");
        return model;
    }
}
