using PipelineBuild.Core.Execution;

namespace PipelineBuild.Core.Runs;

/// <summary>
/// One step of a recorded run. <paramref name="StartedAt"/> is null for a step that never started, and in runs recorded before it was kept;
/// <paramref name="ReasonCode"/> (<see cref="Planning.ReasonNames"/>) is null in runs recorded before it was kept.
/// <paramref name="Executor"/> (<c>local</c>, <c>swarm</c>…) and <paramref name="Node"/> say where it ran: null for a step that did not run,
/// and in runs recorded before they were kept; the node only for a cluster executor.
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
    string? ReasonCode = null,
    string? Executor = null,
    string? Node = null);
