using PipelineBuild.Core.Execution;

namespace PipelineBuild.Core.Runs;

/// <summary>One step of a recorded run.</summary>
public sealed record StepRecord(
    string Id,
    StepState State,
    string Reason,
    TimeSpan Duration,
    string? Fingerprint,
    int? ExitCode,
    int Attempts,
    string? Error);
