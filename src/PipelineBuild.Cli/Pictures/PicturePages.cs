using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Pictures;

/// <summary>The HTML pages: a run's report, a comparison of runs, the plots of runs or of the workspace.</summary>
internal static class PicturePages
{
    public static string Report(PictureSources sources, RunRecord run, bool live = false) =>
        HtmlPage.Render($"{run.Pipeline} · run {run.Id}", writer => RunPageJson.Write(writer, sources, run), live);

    /// <summary><paramref name="runs"/> oldest first; <paramref name="x"/>: the param on the charts' x axis (null: run order).</summary>
    public static string Compare(IReadOnlyList<RunRecord> runs, string? x, bool live = false) =>
        HtmlPage.Render($"Compare {runs.Count} runs", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("kind", "compare");
            writer.WriteString("x", x);
            writer.WriteStartArray("runs");
            foreach (var run in runs)
            {
                RunJson.Write(writer, run, steps: false);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }, live);

    public static string Plots(string title, IReadOnlyList<PlotDefinition> plots, IReadOnlyList<PlotSeries> series, RunFiles files) =>
        HtmlPage.Render(title, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("kind", "plots");
            writer.WriteString("title", title);
            PlotsJson.Write(writer, plots, series, files);
            writer.WriteEndObject();
        });
}
