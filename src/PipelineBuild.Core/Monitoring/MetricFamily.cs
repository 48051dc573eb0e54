namespace PipelineBuild.Core.Monitoring;

/// <summary>A Prometheus metric family: name, type, help text and its series.</summary>
public sealed record MetricFamily(string Name, MetricType Type, string Help, IReadOnlyList<MetricSample> Samples);
