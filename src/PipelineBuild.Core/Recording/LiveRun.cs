namespace PipelineBuild.Core.Recording;

/// <summary>A run in progress as its live file shows it: the steps that started so far, finished or not.</summary>
public sealed record LiveRun(string RunId, string Pipeline, DateTimeOffset StartedAt, int StepCount, IReadOnlyList<LiveStep> Steps);

/// <summary>A step of a <see cref="LiveRun"/>: <c>running</c>, <c>restoring</c> or the state it ended in (as in <c>runs.db</c>).</summary>
public sealed record LiveStep(string Id, string State, string Reason, DateTimeOffset StartedAt, double? Seconds);
