using PipelineBuild.Core.Planning;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// The outcome of one step in a run. <see cref="ServiceUnavailable"/>: it failed because a service it
/// needs (the Docker engine, a database server) could not be reached, which makes the run exit 3.
/// <see cref="LogPath"/> is null when the step wrote nothing: a quiet step has no log file.
/// </summary>
public sealed record StepResult(
    string Id,
    StepState State,
    StepReason Reason,
    TimeSpan Duration,
    string? Fingerprint,
    int? ExitCode = null,
    string? Error = null,
    IReadOnlyList<string>? ErrorTail = null,
    string? LogPath = null,
    int Attempts = 0,
    bool ServiceUnavailable = false)
{
    /// <summary>Metrics the step reported itself (a .NET task's <c>Metrics.Set</c>), beside those read from its metrics files.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Metrics { get; init; } = [];

    /// <summary>When the scheduler handed the step to a worker; null for a step that never started (skipped). The run's timeline.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Where the step ran (its last attempt): the executor, null for a step that did not run (up to date, restored, skipped).</summary>
    public Model.Executor? Executor { get; init; }

    /// <summary>The cluster node its last attempt ran on (a swarm node's host name); null on the tool's own machine.</summary>
    public string? Node { get; init; }

    public bool IsFailure => State is StepState.Failed or StepState.Cancelled;
}
