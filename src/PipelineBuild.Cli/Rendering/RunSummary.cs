using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Recording;

namespace PipelineBuild.Cli.Rendering;

/// <summary>The end of a run: failures with the tail of their stderr, then counts and wall time.</summary>
internal static class RunSummary
{
    public static void Write(TextWriter output, RunReport report)
    {
        foreach (var failed in report.Steps.Where(s => s.State == StepState.Failed))
        {
            output.WriteLine();
            output.WriteLine($"✖ {failed.Id} failed: {failed.Error}");
            foreach (var line in failed.ErrorTail ?? [])
            {
                output.WriteLine($"    {line}");
            }

            if (failed.LogPath is not null)
            {
                output.WriteLine($"    full log: {failed.LogPath}");
            }
        }

        foreach (var problem in report.Problems)
        {
            output.WriteLine();
            output.WriteLine($"✖ {problem.Message}");
        }

        foreach (var artifact in report.Artifacts.Where(a => a.IsNew))
        {
            output.WriteLine($"published {artifact.Name}@{artifact.Version} ({artifact.Digest.Hex[..12]})");
        }

        if (report.RemoteCache is { } remote)
        {
            output.WriteLine(RemoteCacheLine(remote));
        }

        var parts = new List<string>();
        Add(parts, report, StepState.Ran, "ran");
        Add(parts, report, StepState.Restored, "restored");
        Add(parts, report, StepState.UpToDate, "up to date");
        Add(parts, report, StepState.Failed, "failed");
        Add(parts, report, StepState.Cancelled, "cancelled");
        Add(parts, report, StepState.Skipped, "skipped");
        var verdict = report.Status switch
        {
            RunStatus.Succeeded => "Succeeded",
            RunStatus.Cancelled => "Cancelled",
            _ => "Failed",
        };
        output.WriteLine($"{verdict} in {Durations.Format(report.Duration)}: {(parts.Count == 0 ? "nothing to do" : string.Join(", ", parts))} (run {report.RunId})");
    }

    /// <summary>One line on the remote cache: hits, bytes each way, and whether it was usable.</summary>
    public static string RemoteCacheLine(Core.Caching.Remote.RemoteCacheSummary remote) =>
        $"remote cache {remote.Url}: {remote.Hits} hit{(remote.Hits == 1 ? "" : "s")}, {remote.Misses} miss{(remote.Misses == 1 ? "" : "es")}, " +
        $"{FormatBytes(remote.BytesDownloaded)} down, {remote.EntriesUploaded} entr{(remote.EntriesUploaded == 1 ? "y" : "ies")} and {FormatBytes(remote.BytesUploaded)} up" +
        (remote.Unavailable is null ? "" : " (unavailable)");

    public static string FormatBytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB",
    };

    private static void Add(List<string> parts, RunReport report, StepState state, string word)
    {
        var count = report.Count(state);
        if (count > 0)
        {
            parts.Add($"{count} {word}");
        }
    }
}
