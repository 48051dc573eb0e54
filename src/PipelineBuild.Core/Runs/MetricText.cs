using System.Globalization;

namespace PipelineBuild.Core.Runs;

/// <summary>Metric values as text: shortest round-trip form, invariant culture (<c>0.93</c>, <c>NaN</c>, <c>Infinity</c>).</summary>
public static class MetricText
{
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A delta with an explicit sign and at most 6 significant digits: <c>+0.05</c>, <c>-2</c>.</summary>
    public static string Delta(double delta) =>
        double.IsNaN(delta) ? "NaN"
        : (delta > 0 ? "+" : "") + Math.Round(delta, 10).ToString("G6", CultureInfo.InvariantCulture);
}
