using System.Text.Json;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Caching;

/// <summary>
/// The one format of an action entry, local and remote: schema, fingerprint, outputs in ordinal order
/// and, in a signed remote entry, a signature over the same document without it.
/// </summary>
public static class ActionEntryJson
{
    private const int Schema = 1;

    public static void Write(ActionEntry entry, Stream stream, string? signature = null, bool indented = true)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented });
        writer.WriteStartObject();
        writer.WriteNumber("schema", Schema);
        writer.WriteString("fingerprint", entry.Key.Hex);
        writer.WriteStartObject("outputs");
        foreach (var output in entry.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            writer.WriteString(output.Key, output.Digest.Hex);
        }

        writer.WriteEndObject();
        if (signature is not null)
        {
            writer.WriteString("signature", signature);
        }

        writer.WriteEndObject();
    }

    /// <summary>The canonical bytes a signature covers: the compact document without a signature.</summary>
    public static byte[] CanonicalBytes(ActionEntry entry)
    {
        using var buffer = new MemoryStream();
        Write(entry, buffer, signature: null, indented: false);
        return buffer.ToArray();
    }

    /// <summary>Parses an entry that must be the one of <paramref name="key"/>; throws <see cref="FormatException"/> otherwise.</summary>
    public static (ActionEntry Entry, string? Signature) Parse(ReadOnlySpan<byte> json, ActionKey key)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
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

            var signature = root.TryGetProperty("signature", out var s) ? s.GetString() : null;
            return (new ActionEntry(key, outputs), signature);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException(e.Message, e);
        }
    }
}
