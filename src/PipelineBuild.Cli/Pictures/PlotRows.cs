using System.Globalization;
using System.Text;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace PipelineBuild.Cli.Pictures;

/// <summary>
/// The rows of a data plot file, as DVC reads them: CSV/TSV with a header row, or JSON/YAML holding a
/// list of objects (at the top, or under the first key whose value is one). Numbers stay numbers.
/// Null when the file is not one of those shapes; it is then shown as "unreadable", never guessed at.
/// </summary>
internal static class PlotRows
{
    public const int MaxRows = 50_000;

    public static List<Dictionary<string, object?>>? Parse(string path, byte[] bytes)
    {
        try
        {
            var text = Encoding.UTF8.GetString(bytes);
            var extension = Path.GetExtension(path).ToLowerInvariant();
            return extension switch
            {
                ".csv" => Delimited(text, ','),
                ".tsv" => Delimited(text, '\t'),
                ".json" => Json(text),
                _ => Yaml(text),
            };
        }
        catch (Exception e) when (e is JsonException or YamlDotNet.Core.YamlException or DecoderFallbackException or ArgumentException)
        {
            return null;
        }
    }

    public static void Write(Utf8JsonWriter writer, IEnumerable<Dictionary<string, object?>> rows)
    {
        writer.WriteStartArray();
        foreach (var row in rows)
        {
            writer.WriteStartObject();
            foreach (var (key, value) in row)
            {
                switch (value)
                {
                    case double number: writer.WriteNumber(key, number); break;
                    case bool flag: writer.WriteBoolean(key, flag); break;
                    case null: writer.WriteNull(key); break;
                    default: writer.WriteString(key, value.ToString()); break;
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static List<Dictionary<string, object?>> Delimited(string text, char separator)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        var rows = new List<Dictionary<string, object?>>();
        if (lines.Count == 0)
        {
            return rows;
        }

        var header = lines[0].Split(separator).Select(h => h.Trim().Trim('"')).ToArray();
        foreach (var line in lines.Skip(1).Take(MaxRows))
        {
            var cells = line.Split(separator);
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                row[header[i]] = i < cells.Length ? Scalar(cells[i].Trim().Trim('"')) : null;
            }

            rows.Add(row);
        }

        return rows;
    }

    private static List<Dictionary<string, object?>>? Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        var list = document.RootElement;
        if (list.ValueKind == JsonValueKind.Object)
        {
            list = list.EnumerateObject().Select(p => p.Value).FirstOrDefault(v => v.ValueKind == JsonValueKind.Array);
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Take(MaxRows)
            .Select(item => item.EnumerateObject().ToDictionary(p => p.Name, p => JsonScalar(p.Value), StringComparer.Ordinal))
            .ToList();
    }

    private static object? JsonScalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };

    private static List<Dictionary<string, object?>>? Yaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var root = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
        if (root is YamlMappingNode mapping)
        {
            root = mapping.Children.Values.OfType<YamlSequenceNode>().FirstOrDefault();
        }

        if (root is not YamlSequenceNode sequence)
        {
            return null;
        }

        return sequence.Children.OfType<YamlMappingNode>().Take(MaxRows)
            .Select(item => item.Children
                .Where(c => c.Key is YamlScalarNode && c.Value is YamlScalarNode)
                .ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? "", c => Scalar(((YamlScalarNode)c.Value).Value ?? ""), StringComparer.Ordinal))
            .ToList();
    }

    private static object? Scalar(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : text;
}
