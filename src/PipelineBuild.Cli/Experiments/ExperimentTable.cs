using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Experiments;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Experiments;

/// <summary>
/// The experiments side by side: the params that differ between them and every metric as columns,
/// sorted by one metric when asked, the best row marked.
/// </summary>
internal sealed record ExperimentTable(
    IReadOnlyList<string> ParamNames,
    IReadOnlyList<string> MetricNames,
    IReadOnlyList<RunRecord> Runs,
    RunRecord? Best)
{
    public static ExperimentTable Build(IReadOnlyList<RunRecord> runs, string? sortBy, bool ascending)
    {
        var paramNames = runs.SelectMany(r => r.Params.Select(p => p.Key)).Distinct(StringComparer.Ordinal)
            .Where(name => runs.Select(r => Param(r, name)).Distinct(StringComparer.Ordinal).Count() > 1)
            .Order(StringComparer.Ordinal).ToList();
        var metricNames = runs.SelectMany(r => r.Metrics.Select(m => m.Name)).Distinct(StringComparer.Ordinal).ToList();
        if (sortBy is null)
        {
            return new ExperimentTable(paramNames, metricNames, runs, null);
        }

        if (!metricNames.Contains(sortBy, StringComparer.Ordinal))
        {
            throw new PipelineException(
                ExperimentCodes.UnknownMetric,
                $"--sort-by: error {ExperimentCodes.UnknownMetric}: no experiment has a metric '{sortBy}'; {(metricNames.Count == 0 ? "the experiments recorded no metrics" : "the metrics are " + string.Join(", ", metricNames))}",
                ExitCodes.InvalidInput);
        }

        var measured = runs.Where(r => Metric(r, sortBy) is not null && r.Status == Core.Execution.RunStatus.Succeeded);
        var sorted = (ascending ? measured.OrderBy(r => Metric(r, sortBy)) : measured.OrderByDescending(r => Metric(r, sortBy))).ToList();
        var rest = runs.Where(r => !sorted.Contains(r));
        return new ExperimentTable(paramNames, metricNames, [.. sorted, .. rest], sorted.FirstOrDefault());
    }

    public static string? Param(RunRecord run, string name) => run.Params.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.Ordinal)).Value;

    public static double? Metric(RunRecord run, string name) => run.Metrics.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal))?.Value;

    public void Write(TextWriter output)
    {
        var table = new Rendering.TextTable(["", "EXPERIMENT", "STATUS", .. ParamNames, .. MetricNames]);
        foreach (var run in Runs)
        {
            table.Add([
                ReferenceEquals(run, Best) ? "*" : "",
                run.Experiment ?? "",
                RunStatusNames.Of(run.Status),
                .. ParamNames.Select(p => Param(run, p) ?? "-"),
                .. MetricNames.Select(m => Metric(run, m) is { } value ? MetricText.Format(value) : "-"),
            ]);
        }

        table.Write(output);
        if (Best is not null)
        {
            output.WriteLine($"* best: {Best.Experiment}; bring it into the workspace with 'dotnet pipeline exp apply {Best.Experiment}'");
        }
    }

    public void WriteJson() => Rendering.RunJson.ToConsole(writer =>
    {
        writer.WriteStartArray();
        foreach (var run in Runs)
        {
            writer.WriteStartObject();
            writer.WriteString("name", run.Experiment);
            writer.WriteString("run", run.Id);
            writer.WriteString("status", RunStatusNames.Of(run.Status));
            writer.WriteBoolean("best", ReferenceEquals(run, Best));
            writer.WriteStartObject("params");
            foreach (var (name, value) in run.Params)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("metrics");
            foreach (var metric in run.Metrics.DistinctBy(m => m.Name, StringComparer.Ordinal))
            {
                writer.WriteNumber(metric.Name, metric.Value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });
}
