using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Core.Artifacts;

/// <summary>
/// <c>artifact.json</c>, written with <see cref="Utf8JsonWriter"/> and read with <see cref="JsonDocument"/>
/// (no reflection: the tool is Native AOT). The same shape is what <c>artifacts show --json</c> prints,
/// with the version's aliases added.
/// </summary>
public static class ArtifactManifestJson
{
    public static void Write(Utf8JsonWriter writer, ArtifactManifest manifest, IReadOnlyList<string>? aliases = null)
    {
        writer.WriteStartObject();
        writer.WriteNumber("schema", ArtifactManifest.Schema);
        writer.WriteString("name", manifest.Name);
        writer.WriteString("version", manifest.Version);
        writer.WriteString("digest", manifest.Digest.Hex);
        writer.WriteString("path", manifest.Path);
        writer.WriteString("created", RunStore.Timestamp(manifest.Created));
        if (aliases is not null)
        {
            writer.WriteStartArray("aliases");
            foreach (var alias in aliases)
            {
                writer.WriteStringValue(alias);
            }

            writer.WriteEndArray();
        }

        writer.WriteStartArray("files");
        foreach (var file in manifest.Files)
        {
            writer.WriteStartObject();
            writer.WriteString("path", file.Path);
            writer.WriteString("digest", file.Digest.Hex);
            writer.WriteNumber("size", file.Size);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WritePropertyName("lineage");
        WriteLineage(writer, manifest.Lineage);
        writer.WriteEndObject();
    }

    public static byte[] ToBytes(ArtifactManifest manifest)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, manifest);
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <exception cref="FormatException">The text is not a valid artifact.json.</exception>
    public static ArtifactManifest Read(ReadOnlySpan<byte> utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray());
            var root = document.RootElement;
            return new ArtifactManifest
            {
                Name = root.GetProperty("name").GetString()!,
                Version = root.GetProperty("version").GetString()!,
                Digest = ContentDigest.Parse(root.GetProperty("digest").GetString()!),
                Path = root.GetProperty("path").GetString()!,
                Created = DateTimeOffset.Parse(root.GetProperty("created").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                Files = root.GetProperty("files").EnumerateArray()
                    .Select(f => new ArtifactFile(f.GetProperty("path").GetString()!, ContentDigest.Parse(f.GetProperty("digest").GetString()!), f.GetProperty("size").GetInt64()))
                    .ToList(),
                Lineage = ReadLineage(root.GetProperty("lineage")),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"not a valid artifact.json ({e.Message})", e);
        }
    }

    private static void WriteLineage(Utf8JsonWriter writer, ArtifactLineage lineage)
    {
        writer.WriteStartObject();
        writer.WriteString("runId", lineage.RunId);
        writer.WriteString("pipeline", lineage.Pipeline);
        writer.WriteString("pipelineFile", lineage.PipelineFile);
        writer.WriteString("pipelineFileDigest", lineage.PipelineFileDigest.Hex);
        writer.WriteString("gitCommit", lineage.Git?.Commit);
        writer.WriteString("gitBranch", lineage.Git?.Branch);
        if (lineage.Git is { } git)
        {
            writer.WriteBoolean("gitDirty", git.Dirty);
            writer.WriteString("gitPath", git.WorkspacePath);
        }
        else
        {
            writer.WriteNull("gitDirty");
            writer.WriteNull("gitPath");
        }

        writer.WriteString("toolVersion", lineage.ToolVersion);
        WriteStrings(writer, "params", lineage.Params);
        writer.WritePropertyName("metrics");
        WriteMetrics(writer, lineage.Metrics);
        writer.WriteStartObject("inputs");
        foreach (var (path, digest) in lineage.Inputs.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            writer.WriteString(path, digest.Hex);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("steps");
        foreach (var step in lineage.Steps)
        {
            writer.WriteStartObject();
            writer.WriteString("id", step.Id);
            writer.WriteString("fingerprint", step.Fingerprint);
            writer.WriteString("image", step.Image);
            WriteMap(writer, "params", step.Params.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));
            WriteMap(writer, "inputs", step.Inputs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value.Hex)));
            WriteMap(writer, "outputs", step.Outputs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value.Hex)));
            // The metrics files this step wrote: "metrics" above is by file, this keeps each with its step.
            writer.WriteStartArray("metrics");
            foreach (var source in lineage.Metrics.Where(m => string.Equals(m.Step, step.Id, StringComparison.Ordinal)).Select(m => m.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                writer.WriteStringValue(source);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteMap(writer, "images", lineage.Images);
        writer.WriteStartArray("upstream");
        foreach (var upstream in lineage.Upstream)
        {
            writer.WriteStringValue(upstream);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Metrics grouped by file: <c>{ "metrics/eval.json": { "acc": 0.9 } }</c>; NaN and infinities as strings.</summary>
    /// <summary>A JSON object of string values (params, in the order given).</summary>
    public static void WriteStrings(Utf8JsonWriter writer, string property, IEnumerable<KeyValuePair<string, string>> values)
    {
        writer.WriteStartObject(property);
        foreach (var (name, value) in values)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
    }

    public static void WriteMetrics(Utf8JsonWriter writer, IReadOnlyList<MetricValue> metrics)
    {
        writer.WriteStartObject();
        foreach (var group in metrics.GroupBy(m => m.Source, StringComparer.Ordinal))
        {
            writer.WriteStartObject(group.Key);
            foreach (var metric in group)
            {
                WriteNumber(writer, metric.Name, metric.Value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    public static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IEnumerable<KeyValuePair<string, string>> entries)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    private static ArtifactLineage ReadLineage(JsonElement element)
    {
        var commit = OptionalString(element, "gitCommit");
        // Which step wrote each metrics file (absent in versions published before it was recorded).
        var stepOfMetrics = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var step in element.GetProperty("steps").EnumerateArray())
        {
            if (step.TryGetProperty("metrics", out var files) && files.ValueKind == JsonValueKind.Array)
            {
                foreach (var file in files.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.String))
                {
                    stepOfMetrics.TryAdd(file.GetString()!, step.GetProperty("id").GetString()!);
                }
            }
        }

        return new ArtifactLineage
        {
            RunId = element.GetProperty("runId").GetString()!,
            Pipeline = element.GetProperty("pipeline").GetString()!,
            PipelineFile = element.GetProperty("pipelineFile").GetString()!,
            PipelineFileDigest = ContentDigest.Parse(element.GetProperty("pipelineFileDigest").GetString()!),
            Git = commit is null
                ? null
                : new GitState(commit, OptionalString(element, "gitBranch"), element.GetProperty("gitDirty").ValueKind == JsonValueKind.True, OptionalString(element, "gitPath") ?? "."),
            ToolVersion = OptionalString(element, "toolVersion"),
            Params = StringMap(element.GetProperty("params")).ToList(),
            Metrics = element.GetProperty("metrics").EnumerateObject()
                .SelectMany(file => file.Value.EnumerateObject().Select(m => new MetricValue(stepOfMetrics.GetValueOrDefault(file.Name, ""), file.Name, m.Name, ReadNumber(m.Value))))
                .ToList(),
            Inputs = DigestMap(element.GetProperty("inputs")),
            Steps = element.GetProperty("steps").EnumerateArray().Select(s => new StepLineage(
                s.GetProperty("id").GetString()!,
                s.GetProperty("fingerprint").GetString()!,
                OptionalString(s, "image"),
                StringMap(s.GetProperty("params")).ToDictionary(StringComparer.Ordinal),
                DigestMap(s.GetProperty("inputs")),
                DigestMap(s.GetProperty("outputs")))).ToList(),
            Images = StringMap(element.GetProperty("images")).ToDictionary(StringComparer.Ordinal),
            Upstream = element.GetProperty("upstream").EnumerateArray().Select(u => u.GetString()!).ToList(),
        };
    }

    private static double ReadNumber(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble()
        : MetricsFileReader.TryParseNumber(value.GetString(), out var parsed) ? parsed
        : double.NaN;

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<KeyValuePair<string, string>> StringMap(JsonElement element) =>
        element.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!));

    private static Dictionary<string, ContentDigest> DigestMap(JsonElement element) =>
        element.EnumerateObject().ToDictionary(p => p.Name, p => ContentDigest.Parse(p.Value.GetString()!), StringComparer.Ordinal);
}
