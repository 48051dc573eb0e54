using System.Globalization;
using System.Text.Json;

namespace PipelineBuild.Tasks.Profiling;

/// <summary>
/// Drift of a column against a reference profile as the population stability index (PSI):
/// Σ (p − q)·ln(p / q) over the reference's histogram bins (numbers) or top categories plus "other"
/// (text). Rules of thumb: below 0.1 stable, 0.1–0.25 moderate, above 0.25 a shift worth a look.
/// </summary>
internal static class Drift
{
    private const double Floor = 1e-4;

    /// <summary>PSI per column present in both, by name; columns whose kind differs are reported as NaN.</summary>
    public static IReadOnlyList<(string Column, double Psi)> Compute(JsonElement reference, DataProfile current, string currentPath, char delimiter)
    {
        var byName = current.Columns.Select((c, i) => (c, i)).ToDictionary(p => p.c.Name, p => p.i, StringComparer.Ordinal);
        var results = new List<(string, double)>();
        foreach (var column in reference.GetProperty("columns").EnumerateArray())
        {
            var name = column.GetProperty("name").GetString()!;
            if (!byName.TryGetValue(name, out var index))
            {
                continue;
            }

            var profile = current.Columns[index];
            if (column.TryGetProperty("histogram", out var histogram))
            {
                results.Add((name, profile.IsNumeric ? Numeric(histogram, currentPath, delimiter, index) : double.NaN));
            }
            else if (column.TryGetProperty("top", out var top))
            {
                results.Add((name, profile.IsNumeric && profile.Categories.Count == 0 ? double.NaN : Categorical(top, column, profile)));
            }
        }

        return results;
    }

    private static double Numeric(JsonElement histogram, string path, char delimiter, int index)
    {
        var edges = histogram.GetProperty("edges").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var expected = histogram.GetProperty("counts").EnumerateArray().Select(e => (double)e.GetInt64()).ToArray();
        var actual = new double[expected.Length];
        foreach (var row in DataProfile.ReadRows(path, delimiter, [new ColumnProfile("")]))
        {
            if (index < row.Length && double.TryParse(row[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                actual[ColumnProfile.BinOf(edges, value)]++;
            }
        }

        return Psi(expected, actual);
    }

    private static double Categorical(JsonElement top, JsonElement column, ColumnProfile current)
    {
        var categories = top.EnumerateObject().Select(p => (p.Name, Count: (double)p.Value.GetInt64())).ToList();
        var referenceTotal = categories.Sum(c => c.Count);
        var referenceRows = column.TryGetProperty("distinct", out _) ? referenceTotal : 0;
        var currentTotal = (double)current.Categories.Values.Sum();
        var expected = categories.Select(c => c.Count).Append(Math.Max(0, referenceRows - referenceTotal)).ToArray();
        var known = categories.Select(c => (double)current.Categories.GetValueOrDefault(c.Name)).ToList();
        var actual = known.Append(currentTotal - known.Sum()).ToArray();
        return Psi(expected, actual);
    }

    private static double Psi(double[] expected, double[] actual)
    {
        var expectedTotal = expected.Sum();
        var actualTotal = actual.Sum();
        if (expectedTotal == 0 || actualTotal == 0)
        {
            return double.NaN;
        }

        var psi = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var q = Math.Max(expected[i] / expectedTotal, Floor);
            var p = Math.Max(actual[i] / actualTotal, Floor);
            psi += (p - q) * Math.Log(p / q);
        }

        return Math.Round(psi, 6);
    }
}
