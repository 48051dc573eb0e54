using PipelineBuild.Core.Diagnostics;
using System.Text.Json;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Caching;

/// <summary>
/// Action entries under <c>.pipeline/cache/ac/</c>: fingerprint → outputs. An entry is written only
/// after all its outputs are in the content store, atomically; a damaged entry is a miss with a warning.
/// </summary>
public sealed class ActionCache
{
    private const int Schema = 1;
    private readonly string _root;
    private readonly Action<string> _warn;

    public ActionCache(string root, Action<string> warn)
    {
        _root = root;
        _warn = warn;
    }

    public string EntryPath(ActionKey key) => Path.Combine(_root, key.Hex[..2], key.Hex + ".json");

    public ActionEntry? TryGet(ActionKey key)
    {
        var path = EntryPath(key);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.GetProperty("schema").GetInt32() != Schema || root.GetProperty("fingerprint").GetString() != key.Hex)
            {
                throw new FormatException("schema or fingerprint does not match");
            }

            var outputs = new List<OutputRecord>();
            foreach (var property in root.GetProperty("outputs").EnumerateObject())
            {
                outputs.Add(OutputRecord.FromKey(property.Name, ContentDigest.Parse(property.Value.GetString() ?? "")));
            }

            return new ActionEntry(key, outputs);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            _warn(PipelineDiagnostic.Warning(CacheCodes.DamagedEntry, SourceLocation.Nowhere, $"ignoring damaged cache entry {path} ({e.Message})", "the step will run instead").ToString());
            return null;
        }
    }

    public void Put(ActionEntry entry)
    {
        AtomicFile.Write(EntryPath(entry.Key), stream =>
        {
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            writer.WriteStartObject();
            writer.WriteNumber("schema", Schema);
            writer.WriteString("fingerprint", entry.Key.Hex);
            writer.WriteStartObject("outputs");
            foreach (var output in entry.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                writer.WriteString(output.Key, output.Digest.Hex);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }
}
