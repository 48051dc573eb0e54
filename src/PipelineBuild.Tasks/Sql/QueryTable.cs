using System.Data.Common;
using System.Globalization;

namespace PipelineBuild.Tasks.Sql;

/// <summary>The rows a query returned, in its column order and row order, with each column's <see cref="ColumnKind"/>.</summary>
internal sealed class QueryTable
{
    private QueryTable(IReadOnlyList<string> names, IReadOnlyList<ColumnKind> kinds, IReadOnlyList<object?[]> rows)
    {
        Names = names;
        Kinds = kinds;
        Rows = rows;
    }

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<ColumnKind> Kinds { get; }

    /// <summary>Each row's values, <c>null</c> for SQL NULL.</summary>
    public IReadOnlyList<object?[]> Rows { get; }

    public static async Task<QueryTable> ReadAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[names.Length];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = await reader.IsDBNullAsync(i, cancellationToken).ConfigureAwait(false) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return FromRows(names, rows);
    }

    public static QueryTable FromRows(IReadOnlyList<string> names, IReadOnlyList<object?[]> rows)
    {
        var kinds = Enumerable.Range(0, names.Count).Select(i => KindOf(rows.Select(r => r[i]))).ToArray();
        return new QueryTable(names, kinds, rows);
    }

    /// <summary>The value as the column's kind (a long, double, decimal, bool, UTC DateTime, bytes or invariant text), or null.</summary>
    public static object? ValueAs(ColumnKind kind, object? value) => value is null ? null : kind switch
    {
        ColumnKind.Integer => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ColumnKind.Real => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        ColumnKind.Decimal => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        ColumnKind.Boolean => (bool)value,
        ColumnKind.Timestamp => ToUtc(value),
        ColumnKind.Bytes => (byte[])value,
        _ => TextOf(value),
    };

    public static string TextOf(object value) => value switch
    {
        string text => text,
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        float number => number.ToString("R", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        DateTime or DateTimeOffset => ToUtc(value).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static DateTime ToUtc(object value) => value switch
    {
        DateTimeOffset offset => offset.UtcDateTime,
        DateTime { Kind: DateTimeKind.Local } local => local.ToUniversalTime(),
        DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => throw new InvalidCastException($"{value.GetType().Name} is not a timestamp"),
    };

    private static ColumnKind KindOf(IEnumerable<object?> values)
    {
        ColumnKind? kind = null;
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }

            var next = KindOf(value);
            kind = kind is null || kind == next ? next : Widen(kind.Value, next);
            if (kind == ColumnKind.Text)
            {
                break;
            }
        }

        return kind ?? ColumnKind.Text;
    }

    private static ColumnKind KindOf(object value) => value switch
    {
        long or int or short or sbyte or byte or ushort or uint => ColumnKind.Integer,
        double or float => ColumnKind.Real,
        decimal => ColumnKind.Decimal,
        bool => ColumnKind.Boolean,
        DateTime or DateTimeOffset => ColumnKind.Timestamp,
        byte[] => ColumnKind.Bytes,
        _ => ColumnKind.Text,
    };

    private static ColumnKind Widen(ColumnKind a, ColumnKind b) => (a, b) switch
    {
        (ColumnKind.Integer, ColumnKind.Real) or (ColumnKind.Real, ColumnKind.Integer) => ColumnKind.Real,
        (ColumnKind.Integer, ColumnKind.Decimal) or (ColumnKind.Decimal, ColumnKind.Integer) => ColumnKind.Decimal,
        (ColumnKind.Real, ColumnKind.Decimal) or (ColumnKind.Decimal, ColumnKind.Real) => ColumnKind.Real,
        _ => ColumnKind.Text,
    };
}
