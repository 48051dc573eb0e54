namespace PipelineBuild.Core.Monitoring;

/// <summary>The Prometheus metric types this tool writes.</summary>
public enum MetricType
{
    Counter,
    Gauge,
}
