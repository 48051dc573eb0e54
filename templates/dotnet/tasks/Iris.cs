using System.Globalization;

namespace PipelineTasks;

/// <summary>One row of the iris CSV: four measurements and the species.</summary>
public sealed record Iris(double[] Features, string Species)
{
    /// <summary>Reads a CSV whose last column is the species and the others are numbers (first row: header).</summary>
    public static async Task<IReadOnlyList<Iris>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var lines = await File.ReadAllLinesAsync(path, cancellationToken);
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(Parse)];
    }

    private static Iris Parse(string line)
    {
        var fields = line.Split(',');
        return new Iris([.. fields[..^1].Select(f => double.Parse(f, CultureInfo.InvariantCulture))], fields[^1]);
    }
}
