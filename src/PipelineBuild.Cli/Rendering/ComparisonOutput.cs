using System.Text.Json;
using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Rendering;

/// <summary>Comparisons as DVC prints them: text tables of old, new and change; JSON as <c>{"old","new","diff"}</c> per row.</summary>
internal static class ComparisonOutput
{
    public static void WriteParams(TextWriter output, IReadOnlyList<ComparisonRow> rows)
    {
        var table = new TextTable("PARAM", "OLD", "NEW", "CHANGE");
        foreach (var row in rows)
        {
            table.Add(row.Name, row.Old ?? "-", row.New ?? "-", Change(row));
        }

        table.Write(output);
    }

    public static void WriteMetrics(TextWriter output, IReadOnlyList<ComparisonRow> rows)
    {
        var table = new TextTable("PATH", "METRIC", "OLD", "NEW", "CHANGE");
        foreach (var row in rows)
        {
            table.Add(row.Source, row.Name, row.Old ?? "-", row.New ?? "-", Change(row));
        }

        table.Write(output);
    }

    public static void WriteParamsJson(Utf8JsonWriter writer, IReadOnlyList<ComparisonRow> rows)
    {
        writer.WriteStartObject();
        foreach (var row in rows)
        {
            writer.WriteStartObject(row.Name);
            writer.WriteString("old", row.Old);
            writer.WriteString("new", row.New);
            WriteDiff(writer, row);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    public static void WriteMetricsJson(Utf8JsonWriter writer, IReadOnlyList<ComparisonRow> rows)
    {
        writer.WriteStartObject();
        foreach (var file in rows.GroupBy(r => r.Source, StringComparer.Ordinal))
        {
            writer.WriteStartObject(file.Key);
            foreach (var row in file)
            {
                writer.WriteStartObject(row.Name);
                WriteValue(writer, "old", row.Old);
                WriteValue(writer, "new", row.New);
                WriteDiff(writer, row);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else if (MetricsFileReader.TryParseNumber(value, out var number))
        {
            ArtifactManifestJson.WriteNumber(writer, name, number);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteDiff(Utf8JsonWriter writer, ComparisonRow row)
    {
        if (row.Delta is { } delta)
        {
            ArtifactManifestJson.WriteNumber(writer, "diff", Math.Round(delta, 12));
        }
        else
        {
            writer.WriteNull("diff");
        }
    }

    private static string Change(ComparisonRow row) =>
        row.Delta is { } delta ? MetricText.Delta(delta)
        : !row.Changed ? "-"
        : row.Old is null ? "added"
        : row.New is null ? "removed"
        : "changed";
}
