namespace PipelineBuild.Cli.Pictures;

/// <summary>A Markdown table; '|' and line breaks in cells are escaped so a value cannot break the table.</summary>
internal static class MarkdownTable
{
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        output.WriteLine("| " + string.Join(" | ", headers.Select(Cell)) + " |");
        output.WriteLine("|" + string.Concat(headers.Select(_ => " --- |")));
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            output.WriteLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
        }

        if (!any)
        {
            output.WriteLine("| " + string.Join(" | ", headers.Select((_, i) => i == 0 ? "(none)" : "")) + " |");
        }
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
