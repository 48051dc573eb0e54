namespace PipelineBuild.Core.Monitoring;

/// <summary>One series of a metric family: its labels (in the order written) and its value.</summary>
public sealed record MetricSample(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value)
{
    public static MetricSample Of(double value, params (string Name, string Value)[] labels) =>
        new(labels.Select(l => new KeyValuePair<string, string>(l.Name, l.Value)).ToList(), value);
}
