using System.Text.Json.Serialization;
using k8s.Models;
using PipelineBuild.Kubernetes.Argo;

namespace PipelineBuild.Kubernetes.Manifests;

/// <summary>
/// The JSON of the manifests the tool writes: the client's Kubernetes models (their converters come with
/// them) and the Argo Workflow, with the client's naming and null handling.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(V1Job))]
[JsonSerializable(typeof(V1JobList))]
[JsonSerializable(typeof(V1PodList))]
[JsonSerializable(typeof(V1Status))]
[JsonSerializable(typeof(ArgoWorkflow))]
public sealed partial class ManifestJson : JsonSerializerContext;
