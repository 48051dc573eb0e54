namespace PipelineBuild.Core.Execution;

/// <summary>The outcome of a run.</summary>
public sealed record RunReport(
    string RunId,
    string Pipeline,
    RunStatus Status,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    IReadOnlyList<StepResult> Steps)
{
    public int Count(StepState state) => Steps.Count(s => s.State == state);
}
