namespace PipelineBuild.Cli.Rendering;

/// <summary>Left-aligned columns separated by two spaces, for plain text that also reads well in logs.</summary>
internal sealed class TextTable
{
    private readonly List<string[]> _rows = [];

    public TextTable(params string[] header)
    {
        _rows.Add(header);
    }

    public int Count => _rows.Count - 1;

    public void Add(params string[] cells) => _rows.Add(cells);

    public void Write(TextWriter output)
    {
        var widths = new int[_rows.Max(r => r.Length)];
        foreach (var row in _rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in _rows)
        {
            var cells = row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }
}
