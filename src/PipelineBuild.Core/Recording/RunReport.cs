using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Core.Recording;

/// <summary>The outcome of a run: what the engine did, and what recording added (artifacts, metrics, problems).</summary>
public sealed record RunReport(
    string RunId,
    string Pipeline,
    RunStatus Status,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    IReadOnlyList<StepResult> Steps)
{
    /// <summary>Every artifact of the pipeline that has a version, and whether this run published it.</summary>
    public IReadOnlyList<PublishedArtifact> Artifacts { get; init; } = [];

    /// <summary>Errors after the steps (an artifact that could not be published, a history that could not be written).</summary>
    public IReadOnlyList<RunProblem> Problems { get; init; } = [];

    /// <summary>The metrics the run recorded (metrics files and task values), for reports and CI summaries.</summary>
    public IReadOnlyList<MetricValue> Metrics { get; init; } = [];

    /// <summary>What the run did with the remote cache, or null without one.</summary>
    public Caching.Remote.RemoteCacheSummary? RemoteCache { get; init; }

    /// <summary>The engine's report as it stands, before anything was recorded.</summary>
    public static RunReport Of(ExecutionReport execution) =>
        new(execution.RunId, execution.Pipeline, execution.Status, execution.StartedAt, execution.Duration, execution.Steps)
        {
            RemoteCache = execution.RemoteCache,
            Problems = execution.Problems,
        };

    public int Count(StepState state) => Steps.Count(s => s.State == state);
}
