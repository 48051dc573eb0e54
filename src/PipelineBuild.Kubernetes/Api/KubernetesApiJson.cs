using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace PipelineBuild.Kubernetes.Api;

/// <summary>
/// The JSON of the few API objects the executor sends and reads, with the client's naming, null handling and
/// converters (RFC 3339 times, ISO 8601 durations). Not the client's own context: it has every model of the
/// API (≈ 850), and each model's metadata costs the binary a dozen static bases allocated at every start
/// (docs/decisions.md, "Kubernetes API without the client object").
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(KubernetesJson.Iso8601TimeSpanConverter), typeof(KubernetesJson.KubernetesDateTimeConverter), typeof(KubernetesJson.KubernetesDateTimeOffsetConverter)])]
[JsonSerializable(typeof(V1Job))]
[JsonSerializable(typeof(V1JobList))]
[JsonSerializable(typeof(V1Secret))]
[JsonSerializable(typeof(V1SecretList))]
[JsonSerializable(typeof(V1PodList))]
internal sealed partial class KubernetesApiJson : JsonSerializerContext;
