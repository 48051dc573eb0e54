using Parquet;
using Parquet.Schema;

namespace PipelineBuild.Tasks.Sql;

/// <summary>
/// Parquet (Parquet.Net): one row group, the query's columns in order, every column nullable, Snappy compression;
/// integers as INT64, reals and decimals as DOUBLE, timestamps as UTC microseconds, text as UTF-8 strings. The file
/// holds no time or host name, so the same rows always give the same bytes.
/// </summary>
internal static class ParquetTableWriter
{
    public static async Task WriteAsync(QueryTable table, Stream stream, CancellationToken cancellationToken)
    {
        var fields = table.Names.Select((name, i) => FieldOf(name, table.Kinds[i])).ToArray();
        var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            using var group = writer.CreateRowGroup();
            for (var i = 0; i < fields.Length; i++)
            {
                var column = table.Rows.Select(r => QueryTable.ValueAs(table.Kinds[i], r[i])).ToArray();
                await WriteColumnAsync(group, fields[i], table.Kinds[i], column, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static DataField FieldOf(string name, ColumnKind kind) => kind switch
    {
        ColumnKind.Integer => new DataField<long?>(name, true),
        ColumnKind.Real or ColumnKind.Decimal => new DataField<double?>(name, true),
        ColumnKind.Boolean => new DataField<bool?>(name, true),
        ColumnKind.Timestamp => new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, DateTimeTimeUnit.Micros, true),
        ColumnKind.Bytes => new DataField<byte[]>(name, true),
        _ => new DataField<string>(name, true),
    };

    private static Task WriteColumnAsync(ParquetRowGroupWriter group, DataField field, ColumnKind kind, object?[] values, CancellationToken cancellationToken) => kind switch
    {
        ColumnKind.Integer => group.WriteAsync<long>(field, values.Select(v => (long?)v).ToArray(), cancellationToken: cancellationToken),
        ColumnKind.Real => group.WriteAsync<double>(field, values.Select(v => (double?)v).ToArray(), cancellationToken: cancellationToken),
        ColumnKind.Decimal => group.WriteAsync<double>(field, values.Select(v => v is null ? (double?)null : (double)(decimal)v).ToArray(), cancellationToken: cancellationToken),
        ColumnKind.Boolean => group.WriteAsync<bool>(field, values.Select(v => (bool?)v).ToArray(), cancellationToken: cancellationToken),
        ColumnKind.Timestamp => group.WriteAsync<DateTime>(field, values.Select(v => (DateTime?)v).ToArray(), cancellationToken: cancellationToken),
        ColumnKind.Bytes => group.WriteAsync(field, values.Select(v => (byte[])v!).ToArray()),
        _ => group.WriteAsync(field, values.Select(v => (string)v!).ToArray()),
    };
}
