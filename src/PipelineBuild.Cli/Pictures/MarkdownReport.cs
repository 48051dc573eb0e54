using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Pictures;

/// <summary><c>report --format md</c>: the report as GitHub-flavoured Markdown, for terminals and job summaries.</summary>
internal static class MarkdownReport
{
    public static void Write(TextWriter output, RunRecord run, RunRecord? previous)
    {
        output.WriteLine($"# {run.Pipeline} · run {run.Id} · {RunStatusNames.Of(run.Status)}");
        output.WriteLine();
        output.WriteLine($"Started {RunStore.Timestamp(run.StartedAt)}{(run.Duration is { } d ? $", took {Durations.Format(d)}" : "")}{(run.Git is { } git ? $", {git.Branch ?? "detached"} @ {git.Commit[..Math.Min(10, git.Commit.Length)]}{(git.Dirty ? " (dirty)" : "")}" : "")}.");
        if (run.Error is not null)
        {
            output.WriteLine();
            output.WriteLine($"> {run.Error.ReplaceLineEndings(" ")}");
        }

        output.WriteLine();
        output.WriteLine("## Params");
        output.WriteLine();
        MarkdownTable.Write(output, ["param", "value"], run.Params.Select(p => new[] { p.Key, p.Value }));
        output.WriteLine();
        output.WriteLine("## Metrics");
        output.WriteLine();
        var deltas = previous is null ? [] : RunComparison.Of(previous, run, all: true).Metrics;
        MarkdownTable.Write(
            output,
            ["file", "metric", "value", previous is null ? "change" : $"change since {previous.Id[..Math.Min(12, previous.Id.Length)]}"],
            run.Metrics.Select(m =>
            {
                var row = deltas.FirstOrDefault(r => r.Source == m.Source && r.Name == m.Name);
                return new[] { m.Source, m.Name, MetricText.Format(m.Value), row?.Delta is { } delta ? MetricText.Delta(delta) : "-" };
            }));
        output.WriteLine();
        output.WriteLine("## Steps");
        output.WriteLine();
        MarkdownTable.Write(
            output,
            ["step", "state", "reason", "duration"],
            run.Steps.Select(s => new[] { s.Id, StepStateNames.Of(s.State), s.Error is null ? s.Reason : $"{s.Reason}: {s.Error}", Durations.Format(s.Duration) }));
        if (run.Artifacts.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("## Artifacts");
            output.WriteLine();
            MarkdownTable.Write(output, ["artifact", "version", "digest", "new"], run.Artifacts.Select(a => new[] { a.Name, a.Version, a.Digest.Hex[..16], a.IsNew ? "yes" : "no" }));
        }
    }
}
