using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Pictures;

/// <summary><c>compare --format md</c>: one row per run (oldest first), the params that differ and every metric.</summary>
internal static class MarkdownCompare
{
    public static void Write(TextWriter output, IReadOnlyList<RunRecord> runs)
    {
        var values = runs.Select(r => r.Params.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)).ToList();
        var parameters = values.SelectMany(v => v.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(name => values.Select(v => v.GetValueOrDefault(name)).Distinct(StringComparer.Ordinal).Skip(1).Any())
            .ToList();
        var metrics = runs.SelectMany(r => r.Metrics).Select(m => (m.Source, m.Name)).Distinct()
            .OrderBy(m => m.Source, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal).ToList();
        output.WriteLine($"# Compare {runs.Count} runs");
        output.WriteLine();
        MarkdownTable.Write(
            output,
            ["run", "status", .. parameters, .. metrics.Select(m => $"{m.Source}: {m.Name}")],
            runs.Select((run, i) => (IReadOnlyList<string>)[
                run.Id[..Math.Min(12, run.Id.Length)],
                RunStatusNames.Of(run.Status),
                .. parameters.Select(p => values[i].GetValueOrDefault(p) ?? "-"),
                .. metrics.Select(m => run.Metrics.FirstOrDefault(v => v.Source == m.Source && v.Name == m.Name) is { } v ? MetricText.Format(v.Value) : "-"),
            ]));
    }
}
