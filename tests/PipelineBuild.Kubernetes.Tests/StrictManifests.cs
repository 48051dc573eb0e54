using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;
using PipelineBuild.Kubernetes.Argo;
using PipelineBuild.Kubernetes.Manifests;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

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

    public static IReadOnlyList<JsonNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => Convert(d.RootNode)!)];
    }

    // Nothing the tool wrote may be lost in reading: the object written again gives the same JSON.
    private static T RoundTrip<T>(JsonNode read, T model)
    {
        var again = JsonSerializer.SerializeToNode(model, Strict);
        Assert.True(JsonNode.DeepEquals(read, again), $"read back differently:\n{read.ToJsonString()}\n{again?.ToJsonString()}");
        return model;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, Convert(p.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidOperationException($"unexpected node {node.NodeType}"),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => JsonValue.Create(real),
            _ => JsonValue.Create(text),
        };
    }
}
