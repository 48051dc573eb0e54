using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Model;

/// <summary>An entry of <c>schedules:</c>: a cron expression, watched globs, or a drift rule.</summary>
public sealed record ScheduleDefinition(
    ScheduleKind Kind,
    string? Cron,
    IReadOnlyList<string> Watch,
    string? DriftMetric,
    double? DriftAbove,
    SourceLocation Location);
