using System.Text.Json;
using System.Text.Json.Serialization;

namespace PipelineBuild.Cluster;

/// <summary>
/// The secrets file of a job (<see cref="ClusterEnvironment.SecretsFile"/>): one JSON object of variable names to values,
/// source-generated (safe under Native AOT) and read strictly (a duplicate name or a non-string value is refused).
/// </summary>
[JsonSourceGenerationOptions(AllowDuplicateProperties = false)]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class JobSecretsJson : JsonSerializerContext
{
    /// <summary>The largest secrets file the agent reads.</summary>
    public const int MaxBytes = 1 << 20;

    public static byte[] Serialize(IReadOnlyDictionary<string, string> secrets) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>(secrets, StringComparer.Ordinal), Default.DictionaryStringString);

    /// <summary>The secrets the bytes hold; <see cref="JsonException"/> when they are not a JSON object of strings.</summary>
    public static Dictionary<string, string> Deserialize(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, Default.DictionaryStringString) ?? throw new JsonException("the secrets file holds null");
}
