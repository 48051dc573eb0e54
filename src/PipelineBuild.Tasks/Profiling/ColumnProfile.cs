using System.Globalization;

namespace PipelineBuild.Tasks.Profiling;

/// <summary>One column's profile: inferred type, nulls, numeric moments and histogram, or category counts.</summary>
internal sealed class ColumnProfile
{
    private const int MaxCategories = 1000;

    private double _m2;

    public ColumnProfile(string name)
    {
        Name = name;
    }

    public string Name { get; }

    /// <summary><c>empty</c> (only nulls), <c>integer</c>, <c>number</c>, <c>boolean</c> or <c>string</c>.</summary>
    public string Type { get; set; } = "empty";

    public long Nulls { get; set; }

    public long Count { get; set; }

    public double Min { get; set; } = double.PositiveInfinity;

    public double Max { get; set; } = double.NegativeInfinity;

    public double Mean { get; set; }

    public double StdDev => Count > 1 ? Math.Sqrt(_m2 / (Count - 1)) : 0;

    public double[] Edges { get; set; } = [];

    public long[] Histogram { get; set; } = [];

    /// <summary>Value counts while the column may be categorical (up to 1,000 distinct values).</summary>
    public Dictionary<string, long> Categories { get; } = new(StringComparer.Ordinal);

    public bool IsNumeric => Type is "integer" or "number";

    public static bool IsNull(string value) =>
        value.Length == 0 || value is "NA" or "N/A" or "null" or "NULL" or "None" or "nan" or "NaN";

    public void Observe(string value)
    {
        if (IsNull(value))
        {
            Nulls++;
            return;
        }

        Type = Widen(Type, Classify(value));
        if (Categories.Count < MaxCategories || Categories.ContainsKey(value))
        {
            Categories[value] = Categories.GetValueOrDefault(value) + 1;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            // Welford: one pass, numerically stable.
            Count++;
            var delta = number - Mean;
            Mean += delta / Count;
            _m2 += delta * (number - Mean);
            Min = Math.Min(Min, number);
            Max = Math.Max(Max, number);
        }
    }

    /// <summary>Equal-width bins over [min, max] of this column.</summary>
    public void PrepareHistogram(int bins)
    {
        if (!IsNumeric || Count == 0)
        {
            return;
        }

        Edges = new double[bins + 1];
        for (var i = 0; i <= bins; i++)
        {
            Edges[i] = Min + ((Max - Min) * i / bins);
        }

        Histogram = new long[bins];
    }

    public static int BinOf(double[] edges, double value)
    {
        var bins = edges.Length - 1;
        if (value <= edges[0])
        {
            return 0;
        }

        for (var i = 1; i < bins; i++)
        {
            if (value < edges[i])
            {
                return i - 1;
            }
        }

        return bins - 1;
    }

    private static string Classify(string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? "integer"
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "number"
        : bool.TryParse(value, out _) ? "boolean"
        : "string";

    private static string Widen(string current, string next) => (current, next) switch
    {
        ("empty", _) => next,
        _ when current == next => current,
        ("integer", "number") or ("number", "integer") => "number",
        _ => "string",
    };
}
