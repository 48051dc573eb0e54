using System.Globalization;
using System.Text;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Recording;

namespace PipelineBuild.Cli.Ci;

/// <summary>
/// The Markdown job summary both CI systems show on the run's page: the verdict, a table of steps
/// (state, reason, duration), the metrics, the artifact versions. Table cells are escaped so that a
/// reason or a matrix value cannot break the table or inject HTML.
/// </summary>
internal static class JobSummary
{
    /// <summary>The summary; <paramref name="htmlReportLine"/> (Markdown) says where the run's HTML report is.</summary>
    public static string Render(RunReport report, string? htmlReportLine = null)
    {
        var text = new StringBuilder();
        var verdict = report.Status switch
        {
            RunStatus.Succeeded => "✅ succeeded",
            RunStatus.Cancelled => "⏹️ cancelled",
            _ => "❌ failed",
        };
        text.Append(CultureInfo.InvariantCulture, $"## Pipeline {Code(report.Pipeline)} {verdict}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Run {Code(report.RunId)} in {Durations.Format(report.Duration)}: {Counts(report)}.\n\n");

        if (htmlReportLine is not null)
        {
            text.Append(htmlReportLine).Append("\n\n");
        }

        // Where steps ran is a column only when some ran on a cluster.
        var onCluster = report.Steps.Any(s => s.Node is not null);
        text.Append(onCluster ? "| step | state | reason | duration | ran on |\n|---|---|---|---:|---|\n" : "| step | state | reason | duration |\n|---|---|---|---:|\n");
        foreach (var step in report.Steps)
        {
            var reason = step.Error is null ? ReasonText.Format(step.Reason) : $"{ReasonText.Format(step.Reason)}; {step.Error}";
            var where = onCluster ? $" {Cell(StepLines.Where(step).Trim())} |" : "";
            text.Append(CultureInfo.InvariantCulture, $"| {Code(step.Id)} | {State(step.State)} | {Cell(reason)} | {Durations.Format(step.Duration)} |{where}\n");
        }

        if (report.Metrics.Count > 0)
        {
            text.Append("\n### Metrics\n\n| step | metric | value | source |\n|---|---|---:|---|\n");
            foreach (var metric in report.Metrics)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {Code(metric.Step)} | {Cell(metric.Name)} | {metric.Value.ToString("G6", CultureInfo.InvariantCulture)} | {Cell(metric.Source)} |\n");
            }
        }

        if (report.Artifacts.Count > 0)
        {
            text.Append("\n### Artifacts\n\n| artifact | version | digest | |\n|---|---|---|---|\n");
            foreach (var artifact in report.Artifacts)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {Code(artifact.Name)} | {Cell(artifact.Version)} | {Code(artifact.Digest.Hex[..12])} | {(artifact.IsNew ? "new" : "unchanged")} |\n");
            }
        }

        if (report.RemoteCache is { } remote)
        {
            text.Append("\n").Append(Cell(RunSummary.RemoteCacheLine(remote))).Append('\n');
        }

        if (report.Problems.Count > 0)
        {
            text.Append("\n### Problems\n\n");
            foreach (var problem in report.Problems)
            {
                text.Append("- ").Append(Cell(problem.Message)).Append('\n');
            }
        }

        return text.Append('\n').ToString();
    }

    private static string Counts(RunReport report)
    {
        var parts = new List<string>();
        foreach (var (state, word) in new[] { (StepState.Ran, "ran"), (StepState.Restored, "restored"), (StepState.UpToDate, "up to date"), (StepState.Failed, "failed"), (StepState.Cancelled, "cancelled"), (StepState.Skipped, "skipped") })
        {
            var count = report.Count(state);
            if (count > 0)
            {
                parts.Add($"{count} {word}");
            }
        }

        return parts.Count == 0 ? "nothing to do" : string.Join(", ", parts);
    }

    private static string State(StepState state) => state switch
    {
        StepState.Ran => "✅ ran",
        StepState.Restored => "♻️ restored",
        StepState.UpToDate => "✔️ up to date",
        StepState.Failed => "❌ failed",
        StepState.Cancelled => "⏹️ cancelled",
        _ => "⏭️ skipped",
    };

    /// <summary>A table cell: no line breaks, no column separators, no HTML.</summary>
    internal static string Cell(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("|", "\\|", StringComparison.Ordinal)
        .Replace("\r\n", "<br>", StringComparison.Ordinal)
        .Replace("\n", "<br>", StringComparison.Ordinal)
        .Replace("\r", "<br>", StringComparison.Ordinal);

    /// <summary>Inline code, unless the text holds a backtick (then an escaped plain cell).</summary>
    private static string Code(string text) => text.Contains('`', StringComparison.Ordinal) ? Cell(text) : $"`{Cell(text)}`";
}
