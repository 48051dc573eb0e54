namespace PipelineBuild.Core.Runs;

/// <summary>
/// One param or metric in a comparison. <paramref name="Source"/> is the metrics file (empty for
/// params); a value missing on one side is null; <paramref name="Delta"/> is new − old when both are numbers.
/// </summary>
public sealed record ComparisonRow(string Source, string Name, string? Old, string? New, double? Delta, bool Changed);
