using System.Text;
using PipelineBuild.Core.Execution.Processes;

namespace PipelineBuild.Core.Tests.Execution;

/// <summary>The child process loop splits output into the lines <see cref="StreamReader.ReadLine"/> gave, wherever the reads cut the bytes.</summary>
public sealed class LineSplitterTests
{
    [Theory]
    [InlineData("a\nb", new[] { "a", "b" })]
    [InlineData("a\r\nb\rc\n\n", new[] { "a", "b", "c", "" })]
    [InlineData("", new string[0])]
    [InlineData("\n", new[] { "" })]
    [InlineData("abc\r", new[] { "abc" })]
    [InlineData("\uFEFFbom\n\uFEFFkept", new[] { "bom", "\uFEFFkept" })]
    public void Should_end_lines_at_newline_carriage_return_or_both_and_keep_a_last_line_without_one(string text, string[] expected)
    {
        // Given the text fed one byte at a time, so every pair and every multi-byte character is cut
        var lines = Split(Encoding.UTF8.GetBytes(text), chunk: 1);

        // Then the lines are those of StreamReader
        Assert.Equal(expected, lines);
        Assert.Equal(expected, ReadLines(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Should_split_exactly_as_stream_reader_does_for_random_bytes_cut_at_random_places()
    {
        // Given random mixes of text, newlines, carriage returns, multi-byte characters, invalid bytes and byte order marks
        var random = new Random(14);
        byte[][] pieces = [[(byte)'a'], [(byte)'\n'], [(byte)'\r'], [0xC3, 0xA9], [0xF0, 0x9F, 0x98, 0x80], [0xFF], [0xC3], [0xEF, 0xBB, 0xBF], [0xE2, 0x82]];
        for (var round = 0; round < 2000; round++)
        {
            var bytes = Enumerable.Range(0, random.Next(0, 40)).SelectMany(_ => pieces[random.Next(pieces.Length)]).ToArray();

            // When they are split in chunks of a random size
            var lines = Split(bytes, chunk: random.Next(1, 8));

            // Then the lines are those of StreamReader
            Assert.Equal(ReadLines(bytes), lines);
        }
    }

    private static List<string> Split(byte[] bytes, int chunk)
    {
        var splitter = new LineSplitter();
        var lines = new List<string>();
        var scratch = new char[LineSplitter.MaxChars(chunk)];
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            splitter.Add(bytes.AsSpan(offset, Math.Min(chunk, bytes.Length - offset)), scratch, lines.Add);
        }

        splitter.End(scratch, lines.Add);
        return lines;
    }

    private static List<string> ReadLines(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes));
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
