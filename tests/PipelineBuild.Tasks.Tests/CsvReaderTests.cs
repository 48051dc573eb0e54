using PipelineBuild.Tasks.Profiling;

namespace PipelineBuild.Tasks.Tests;

public sealed class CsvReaderTests
{
    [Fact]
    public void Should_read_rfc_4180_quoting_delimiters_doubled_quotes_and_line_breaks_inside_quotes()
    {
        // Given CRLF records with quoted fields holding the delimiter, a doubled quote and a line break
        const string text = "name,note\r\n\"Smith, J\",\"said \"\"hi\"\"\"\r\n\"multi\nline\",x\r\n";

        // When
        var rows = CsvReader.Read(new StringReader(text), ',').ToList();

        // Then
        Assert.Equal(3, rows.Count);
        Assert.Equal(["Smith, J", "said \"hi\""], rows[1]);
        Assert.Equal(["multi\nline", "x"], rows[2]);
    }

    [Fact]
    public void Should_keep_a_last_record_without_a_line_break_and_skip_blank_lines()
    {
        var rows = CsvReader.Read(new StringReader("a;b\n\n1;2"), ';').ToList();

        Assert.Equal([["a", "b"], ["1", "2"]], rows);
    }

    [Fact]
    public void Should_keep_empty_fields()
    {
        var rows = CsvReader.Read(new StringReader(",\n\"\",x\n"), ',').ToList();

        Assert.Equal([["", ""], ["", "x"]], rows);
    }
}
