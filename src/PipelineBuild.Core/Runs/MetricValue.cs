namespace PipelineBuild.Core.Runs;

/// <summary>
/// One number a run measured. <paramref name="Source"/> is the metrics file it was read from
/// (workspace-relative), or <c>task:&lt;step id&gt;</c> for a value a .NET task set; <paramref name="Name"/>
/// is the key, nested keys joined with dots.
/// </summary>
public sealed record MetricValue(string Step, string Source, string Name, double Value);
