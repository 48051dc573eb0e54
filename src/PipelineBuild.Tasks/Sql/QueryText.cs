namespace PipelineBuild.Tasks.Sql;

/// <summary>The query and where it came from (a file, or the step's <c>with.sql</c>), to name a server's error position as <c>source(line,col)</c>.</summary>
internal sealed record QueryText(string Source, string Text)
{
    /// <summary><c>source(line,col)</c> for a 1-based character position in the text, as PostgreSQL reports it.</summary>
    public string Locate(int position)
    {
        var index = Math.Clamp(position - 1, 0, Text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (Text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return $"{Source}({line},{index - lineStart + 1})";
    }
}
