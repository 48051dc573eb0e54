using System.Text.Json;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Cli.Pictures;

/// <summary>
/// The <c>plots</c> of a page: each plot's settings and, per series (a run or the workspace), its rows
/// or its image as a data URL. pictures.js turns a plot into a Vega-Lite spec of its template.
/// </summary>
internal static class PlotsJson
{
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<PlotDefinition> plots, IReadOnlyList<PlotSeries> series, RunFiles files)
    {
        writer.WriteStartArray("plots");
        foreach (var plot in plots)
        {
            writer.WriteStartObject();
            writer.WriteString("path", plot.Path);
            writer.WriteString("step", plot.Step);
            writer.WriteString("title", plot.Title ?? plot.Path);
            writer.WriteString("template", PlotTemplateNames.Of(plot.Template));
            writer.WriteString("x", plot.X);
            writer.WriteStartArray("y");
            foreach (var y in plot.Y)
            {
                writer.WriteStringValue(y);
            }

            writer.WriteEndArray();
            writer.WriteString("xLabel", plot.XLabel);
            writer.WriteString("yLabel", plot.YLabel);
            writer.WriteBoolean("image", plot.IsImage);
            writer.WriteStartArray("series");
            foreach (var source in series)
            {
                WriteSeries(writer, plot, source, files.Read(source.Run, plot.Step, plot.Path));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteSeries(Utf8JsonWriter writer, PlotDefinition plot, PlotSeries source, byte[]? bytes)
    {
        writer.WriteStartObject();
        writer.WriteString("label", source.Label);
        if (bytes is null)
        {
            writer.WriteString("missing", source.Run is null ? "not in the workspace" : "not in the cache of this run");
        }
        else if (plot.IsImage)
        {
            var type = plot.Path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) ? "image/svg+xml" : "image/png";
            writer.WriteString("image", $"data:{type};base64,{Convert.ToBase64String(bytes)}");
        }
        else if (PlotRows.Parse(plot.Path, bytes) is { } rows)
        {
            writer.WritePropertyName("rows");
            PlotRows.Write(writer, rows);
        }
        else
        {
            writer.WriteString("missing", "unreadable: not CSV/TSV with a header, nor a JSON/YAML list of objects");
        }

        writer.WriteEndObject();
    }
}
