using System.Globalization;
using System.Text.Json;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Loading;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Runs;

/// <summary>
/// Reads a metrics file (JSON or YAML) into flat <c>name → number</c> pairs: nested keys joined with
/// dots, list items by index (<c>folds.0.acc</c>). <c>NaN</c>, <c>Infinity</c>, <c>.nan</c> and
/// <c>.inf</c> are numbers; strings and booleans are not metrics and are left out.
/// </summary>
public static class MetricsFileReader
{
    /// <summary>More leaves than this in one file is not a metrics file; reading stops there (alias bombs).</summary>
    public const int MaxValues = 10_000;

    private static readonly JsonDocumentOptions JsonOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>The metrics of a file, in file order; a problem (missing file, bad syntax) is returned as text.</summary>
    public static IReadOnlyList<KeyValuePair<string, double>> Read(string fullPath, out string? problem)
    {
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot read it ({IoErrorText.Describe(e)})";
            return [];
        }

        return Parse(text, fullPath, out problem);
    }

    public static IReadOnlyList<KeyValuePair<string, double>> Parse(string text, string fileName, out string? problem)
    {
        problem = null;
        var values = new List<KeyValuePair<string, double>>();
        try
        {
            using var document = JsonDocument.Parse(text, JsonOptions);
            FlattenJson(document.RootElement, null, values);
            return values;
        }
        catch (JsonException)
        {
            // Not strict JSON: Python's json.dump writes NaN and Infinity bare; YAML reads those, and YAML files.
            values.Clear();
        }

        var diagnostics = new DiagnosticBag();
        var root = new YamlTreeReader(fileName, diagnostics).Read(text);
        if (root is null)
        {
            problem = diagnostics.Items.FirstOrDefault()?.Message ?? "it is empty";
            return [];
        }

        FlattenYaml(root, null, values);
        return values;
    }

    private static void FlattenJson(JsonElement element, string? prefix, List<KeyValuePair<string, double>> values)
    {
        if (values.Count >= MaxValues)
        {
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    FlattenJson(property.Value, Join(prefix, property.Name), values);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    FlattenJson(item, Join(prefix, index++.ToString(CultureInfo.InvariantCulture)), values);
                }

                break;
            case JsonValueKind.Number when prefix is not null && element.TryGetDouble(out var number):
                values.Add(new(prefix, number));
                break;
            case JsonValueKind.String when prefix is not null && TryParseNumber(element.GetString(), out var fromText):
                values.Add(new(prefix, fromText));
                break;
        }
    }

    private static void FlattenYaml(YamlTreeNode node, string? prefix, List<KeyValuePair<string, double>> values)
    {
        if (values.Count >= MaxValues)
        {
            return;
        }

        switch (node)
        {
            case YamlTreeMapping map:
                foreach (var (key, value) in map.Entries)
                {
                    FlattenYaml(value, Join(prefix, key.Value), values);
                }

                break;
            case YamlTreeSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    FlattenYaml(sequence.Items[i], Join(prefix, i.ToString(CultureInfo.InvariantCulture)), values);
                }

                break;
            case YamlTreeScalar scalar when prefix is not null && TryParseNumber(scalar.Value, out var number):
                values.Add(new(prefix, number));
                break;
        }
    }

    /// <summary>A number as JSON, YAML or Python write it, in the invariant culture.</summary>
    public static bool TryParseNumber(string? text, out double value)
    {
        switch (text)
        {
            case "NaN" or "nan" or ".nan" or ".NaN" or ".NAN":
                value = double.NaN;
                return true;
            case "Infinity" or "inf" or ".inf" or ".Inf" or ".INF" or "+Infinity" or "+.inf":
                value = double.PositiveInfinity;
                return true;
            case "-Infinity" or "-inf" or "-.inf" or "-.Inf" or "-.INF":
                value = double.NegativeInfinity;
                return true;
            case null or "":
                value = 0;
                return false;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && char.IsAsciiDigit(text[^1]);
        }
    }

    private static string Join(string? prefix, string key) => prefix is null ? key : $"{prefix}.{key}";
}
