using System.Globalization;
using System.Text.Json;

namespace PipelineBuild.Tasks.Profiling;

/// <summary>A CSV file's profile, computed in two streaming passes (statistics, then histograms), and its JSON form.</summary>
internal sealed class DataProfile
{
    private const int TopCategories = 20;

    public DataProfile(long rows, IReadOnlyList<ColumnProfile> columns)
    {
        Rows = rows;
        Columns = columns;
    }

    public long Rows { get; }

    public IReadOnlyList<ColumnProfile> Columns { get; }

    public static DataProfile Compute(string path, char delimiter, int bins)
    {
        var columns = new List<ColumnProfile>();
        long rows = 0;
        foreach (var row in ReadRows(path, delimiter, columns))
        {
            rows++;
            for (var i = 0; i < columns.Count; i++)
            {
                columns[i].Observe(i < row.Length ? row[i] : "");
            }
        }

        foreach (var column in columns)
        {
            column.PrepareHistogram(bins);
        }

        foreach (var row in ReadRows(path, delimiter, []))
        {
            for (var i = 0; i < columns.Count && i < row.Length; i++)
            {
                if (columns[i].Histogram.Length > 0 && double.TryParse(row[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    columns[i].Histogram[ColumnProfile.BinOf(columns[i].Edges, value)]++;
                }
            }
        }

        return new DataProfile(rows, columns);
    }

    /// <summary>The data rows; the header row names <paramref name="columns"/> when it is empty.</summary>
    public static IEnumerable<string[]> ReadRows(string path, char delimiter, List<ColumnProfile> columns)
    {
        using var reader = new StreamReader(path);
        var header = true;
        foreach (var row in CsvReader.Read(reader, delimiter))
        {
            if (header)
            {
                header = false;
                if (columns.Count == 0)
                {
                    columns.AddRange(row.Select(name => new ColumnProfile(name.Trim())));
                }

                continue;
            }

            yield return row;
        }
    }

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("rows", Rows);
        writer.WriteStartArray("columns");
        foreach (var column in Columns)
        {
            writer.WriteStartObject();
            writer.WriteString("name", column.Name);
            writer.WriteString("type", column.Type);
            writer.WriteNumber("nulls", column.Nulls);
            if (column.IsNumeric && column.Count > 0)
            {
                writer.WriteNumber("min", column.Min);
                writer.WriteNumber("max", column.Max);
                writer.WriteNumber("mean", Math.Round(column.Mean, 10));
                writer.WriteNumber("stddev", Math.Round(column.StdDev, 10));
                writer.WriteStartObject("histogram");
                writer.WriteStartArray("edges");
                foreach (var edge in column.Edges)
                {
                    writer.WriteNumberValue(Math.Round(edge, 10));
                }

                writer.WriteEndArray();
                writer.WriteStartArray("counts");
                foreach (var count in column.Histogram)
                {
                    writer.WriteNumberValue(count);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNumber("distinct", column.Categories.Count);
                writer.WriteStartObject("top");
                foreach (var (value, count) in column.Categories.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(TopCategories))
                {
                    writer.WriteNumber(value, count);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
