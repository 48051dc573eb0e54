using System.Globalization;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Rendering;

/// <summary>Runs as text: the history table and one run in detail.</summary>
internal static class RunText
{
    public static void WriteList(TextWriter output, IReadOnlyList<RunRecord> runs)
    {
        var table = new TextTable("RUN", "STARTED (UTC)", "PIPELINE", "STATUS", "TIME", "STEPS", "COMMIT", "ARTIFACTS");
        foreach (var run in runs)
        {
            table.Add(
                run.Id,
                Started(run),
                run.Pipeline,
                RunStatusNames.Of(run.Status),
                run.Duration is { } duration ? Durations.Format(duration) : "-",
                Steps(run),
                Commit(run.Git),
                string.Join(", ", run.Artifacts.Where(a => a.IsNew).Select(a => $"{a.Name}@{a.Version}")));
        }

        table.Write(output);
    }

    public static void WriteRun(TextWriter output, RunRecord run)
    {
        output.WriteLine($"run       {run.Id}");
        output.WriteLine($"pipeline  {run.Pipeline} ({run.PipelineFile})");
        output.WriteLine($"status    {RunStatusNames.Of(run.Status)}{(run.Error is null ? "" : ": " + run.Error)}");
        output.WriteLine($"started   {Started(run)} UTC, took {(run.Duration is { } d ? Durations.Format(d) : "-")}");
        output.WriteLine($"commit    {(run.Git is { } git ? $"{git.Commit}{(git.Dirty ? " (dirty)" : "")}{(git.Branch is null ? "" : $" on {git.Branch}")}" : "(not a git repository)")}");
        output.WriteLine($"tool      {run.ToolVersion}");
        if (run.Params.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("params:");
            foreach (var (name, value) in run.Params)
            {
                output.WriteLine($"  {name} = {value}");
            }
        }

        output.WriteLine();
        var steps = new TextTable("STEP", "STATE", "TIME", "REASON");
        foreach (var step in run.Steps)
        {
            steps.Add(step.Id, StepStateNames.Of(step.State), Durations.Format(step.Duration), step.Error is null ? step.Reason : $"{step.Reason}; {step.Error}");
        }

        steps.Write(output);
        if (run.Metrics.Count > 0)
        {
            output.WriteLine();
            WriteMetrics(output, run.Metrics);
        }

        if (run.Artifacts.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("artifacts:");
            foreach (var artifact in run.Artifacts)
            {
                output.WriteLine($"  {artifact.Name}@{artifact.Version}  {artifact.Digest.Hex[..12]}{(artifact.IsNew ? "  (published by this run)" : "")}");
            }
        }
    }

    public static void WriteMetrics(TextWriter output, IReadOnlyList<MetricValue> metrics)
    {
        var table = new TextTable("PATH", "METRIC", "VALUE");
        foreach (var metric in metrics)
        {
            table.Add(metric.Source, metric.Name, MetricText.Format(metric.Value));
        }

        table.Write(output);
    }

    private static string Started(RunRecord run) => run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Commit(GitState? git) => git is null ? "-" : git.Commit[..Math.Min(8, git.Commit.Length)] + (git.Dirty ? "*" : "");

    private static string Steps(RunRecord run)
    {
        var ran = run.Steps.Count(s => s.State == StepState.Ran);
        var cached = run.Steps.Count(s => s.State is StepState.UpToDate or StepState.Restored);
        var failed = run.Steps.Count(s => s.State == StepState.Failed);
        var cancelled = run.Steps.Count(s => s.State == StepState.Cancelled);
        return $"{ran} ran, {cached} cached" + (failed > 0 ? $", {failed} failed" : "") + (cancelled > 0 ? $", {cancelled} cancelled" : "");
    }
}
