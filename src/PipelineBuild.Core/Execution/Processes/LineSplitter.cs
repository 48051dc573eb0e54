using System.Text;

namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// Turns the bytes of one output stream into lines as <see cref="StreamReader.ReadLine"/> does: UTF-8 (invalid bytes
/// become U+FFFD, a leading byte order mark is dropped), lines end at <c>\n</c>, <c>\r\n</c> or <c>\r</c> even when a
/// read splits them, and a last line without a newline is a line too.
/// </summary>
internal sealed class LineSplitter
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private StringBuilder? _partial;
    private bool _afterCarriageReturn;
    private bool _started;

    /// <summary>The most characters one call decodes from <paramref name="byteCount"/> bytes (with up to three bytes left from the last call).</summary>
    public static int MaxChars(int byteCount) => byteCount + 4;

    public void Add(ReadOnlySpan<byte> bytes, Span<char> scratch, Action<string> onLine)
    {
        var count = _decoder.GetChars(bytes, scratch, flush: false);
        Split(scratch[..count], onLine);
    }

    /// <summary>The stream ended: what the decoder holds and a last line without a newline are delivered.</summary>
    public void End(Span<char> scratch, Action<string> onLine)
    {
        var count = _decoder.GetChars([], scratch, flush: true);
        Split(scratch[..count], onLine);
        if (_partial is { Length: > 0 })
        {
            onLine(_partial.ToString());
            _partial.Clear();
        }
    }

    private void Split(ReadOnlySpan<char> chars, Action<string> onLine)
    {
        var start = 0;
        if (chars.IsEmpty)
        {
            return;
        }

        if (_afterCarriageReturn)
        {
            _afterCarriageReturn = false;
            start = chars[0] == '\n' ? 1 : 0;
        }

        if (!_started)
        {
            _started = true;
            start += chars[start..].StartsWith('\uFEFF') ? 1 : 0;
        }

        for (var i = start; i < chars.Length; i++)
        {
            var c = chars[i];
            if (c is not ('\n' or '\r'))
            {
                continue;
            }

            onLine(Line(chars[start..i]));
            start = i + 1;
            if (c == '\r')
            {
                if (start == chars.Length)
                {
                    _afterCarriageReturn = true;
                }
                else if (chars[start] == '\n')
                {
                    start++;
                    i++;
                }
            }
        }

        if (start < chars.Length)
        {
            (_partial ??= new StringBuilder()).Append(chars[start..]);
        }
    }

    private string Line(ReadOnlySpan<char> end)
    {
        if (_partial is not { Length: > 0 })
        {
            return new string(end);
        }

        var line = _partial.Append(end).ToString();
        _partial.Clear();
        return line;
    }
}
