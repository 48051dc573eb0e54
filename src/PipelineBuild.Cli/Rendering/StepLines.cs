using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.Cli.Rendering;

/// <summary>The line printed when a step finishes; null when there is nothing worth a line.</summary>
internal static class StepLines
{
    public static string? Finished(StepResult result, bool verbose) => result.State switch
    {
        StepState.Ran => $"✔ {result.Id}: done in {Durations.Format(result.Duration)}{Where(result)}",
        StepState.Restored => $"✔ {result.Id}: restored from cache in {Durations.Format(result.Duration)}",
        StepState.UpToDate => verbose ? $"= {result.Id}: up to date" : null,
        StepState.Failed => $"✖ {result.Id}: failed ({result.Error}){LogHint(result)}",
        StepState.Cancelled => $"✖ {result.Id}: cancelled",
        StepState.Skipped => verbose ? $"- {result.Id}: skipped ({ReasonText.Format(result.Reason)})" : null,
        _ => null,
    };

    /// <summary>Where a step ran when that was not this machine: <c> on swarm node pbnode2</c>.</summary>
    public static string Where(StepResult result) =>
        result.Node is { } node && result.Executor is { } executor ? $" on {Core.Model.Executors.NameOf(executor)} node {node}" : "";

    private static string LogHint(StepResult result) => result.LogPath is null ? "" : $"; log: {result.LogPath}";
}
