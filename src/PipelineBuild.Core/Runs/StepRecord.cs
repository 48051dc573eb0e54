using PipelineBuild.Core.Execution;

namespace PipelineBuild.Core.Runs;

/// <summary>
/// One step of a recorded run. <paramref name="StartedAt"/> is null for a step that never started, and in runs recorded before it was kept;
/// <paramref name="ReasonCode"/> (<see cref="Planning.ReasonNames"/>) is null in runs recorded before it was kept.
/// </summary>
public sealed record StepRecord(
    string Id,
    StepState State,
    string Reason,
    TimeSpan Duration,
    string? Fingerprint,
    int? ExitCode,
    int Attempts,
    string? Error,
    DateTimeOffset? StartedAt = null,
    string? ReasonCode = null);
