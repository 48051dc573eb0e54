using System.Collections.Concurrent;

namespace PipelineBuild.Sdk;

/// <summary>
/// Numbers a task reports (accuracy, rows, tests passed). When the step declares <c>metrics:</c> files,
/// they are written to the first one after the task succeeds (merged into it when the task wrote it
/// too), so the run records them like any metrics file.
/// </summary>
public sealed class TaskMetrics
{
    private readonly ConcurrentDictionary<string, double> _values = new(StringComparer.Ordinal);

    /// <summary>Sets (or replaces) a metric. Dots in the name nest it in reports (<c>tests.passed</c>).</summary>
    /// <param name="name">A non-empty name.</param>
    /// <param name="value">The value; NaN and infinities are kept.</param>
    public void Set(string name, double value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _values[name] = value;
    }

    /// <summary>Every metric set so far, by name in ordinal order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Values =>
        [.. _values.OrderBy(p => p.Key, StringComparer.Ordinal)];
}
