using System.Text;

namespace PipelineBuild.Tasks.Sql;

/// <summary>
/// RFC 4180 CSV: a header row of the query's column names, UTF-8 without BOM, <c>\n</c> line ends, fields quoted only
/// when they hold a comma, quote or line break, SQL NULL as an empty field, numbers and times in the invariant culture
/// (times in UTC, ISO 8601), bytes in base64. The same rows always give the same bytes.
/// </summary>
internal static class CsvTableWriter
{
    public static void Write(QueryTable table, Stream stream)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(string.Join(',', table.Names.Select(Field)));
        foreach (var row in table.Rows)
        {
            writer.WriteLine(string.Join(',', row.Select((value, i) => value is null ? "" : Field(QueryTable.TextOf(QueryTable.ValueAs(table.Kinds[i], value)!)))));
        }
    }

    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
