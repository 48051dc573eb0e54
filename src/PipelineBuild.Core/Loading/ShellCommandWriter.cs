using System.Text;

namespace PipelineBuild.Core.Loading;

/// <summary>
/// Builds a POSIX shell command from a <c>run:</c> template and the values of its expressions. It follows
/// the template's quoting (bare, <c>'…'</c>, <c>"…"</c>, <c>$'…'</c>, comments, <c>$(…)</c> and here-documents)
/// and writes each value so that the shell reads it back verbatim as data, whatever it contains: a plain
/// value (letters, digits, <c>_ . / : = , + @ % -</c>) is written as it is, so the command of a pipeline
/// with plain values does not change. A method returns a problem text when a value cannot be placed safely.
/// </summary>
internal sealed class ShellCommandWriter
{
    private readonly StringBuilder _output = new();
    private readonly Stack<Frame> _frames = new();
    private readonly Queue<HereDocument> _pendingDocuments = new();
    private readonly StringBuilder _line = new();
    private HereDocument? _document;
    private bool _lineHasValue;
    private bool _escaped;
    private bool _wordStart = true;
    private char _previous;
    private DelimiterReader? _delimiter;

    public ShellCommandWriter()
    {
        _frames.Push(new Frame(Mode.Bare));
    }

    private enum Mode
    {
        Bare,
        Single,
        Double,
        AnsiC,
        Comment,
        Backtick,
        Document,
    }

    private Mode Current => _frames.Peek().Mode;

    public override string ToString() => _output.ToString();

    /// <summary>Template text (or a raw value): shell syntax, copied as it is.</summary>
    public ShellProblem? AppendSyntax(string text)
    {
        foreach (var c in text)
        {
            _output.Append(c);
            if (Track(c, isValue: false) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>A value, read back by the shell as exactly these characters.</summary>
    public ShellProblem? AppendValue(string value) => Place(Quote(value));

    /// <summary>Several values, each one word where words are split (bare), else joined by spaces.</summary>
    public ShellProblem? AppendWords(IReadOnlyList<string> values) =>
        Current is Mode.Bare or Mode.Comment
            ? Place(string.Join(' ', values.Select(v => Quote(v)!)))
            : AppendValue(string.Join(' ', values));

    /// <summary>The value of an environment variable, read by the shell when it runs (a secret stays out of the command).</summary>
    public ShellProblem? AppendVariable(string name) => Current switch
    {
        Mode.Bare or Mode.Comment => Place($"\"${{{name}}}\""),
        Mode.Double => Place($"${{{name}}}"),
        Mode.Single => Place($"'\"${{{name}}}\"'"),
        Mode.AnsiC => Place($"'\"${{{name}}}\"$'"),
        Mode.Document when !_document!.Quoted => Place($"${{{name}}}"),
        _ => Unplaceable(),
    };

    private static bool IsPlain(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '/' or ':' or '=' or ',' or '+' or '@' or '%' or '-');

    private string? Quote(string value)
    {
        if (IsPlain(value) && Current is not Mode.Backtick)
        {
            return value;
        }

        return Current switch
        {
            Mode.Bare or Mode.Comment => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'",
            Mode.Single => value.Replace("'", "'\\''", StringComparison.Ordinal),
            Mode.Double => Escape(value, "\\$`\""),
            Mode.AnsiC => Escape(value, "\\'"),
            Mode.Document => _document!.Quoted ? value : Escape(value, "\\$`"),
            _ => null,
        };
    }

    private static string Escape(string value, string special)
    {
        var result = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (special.Contains(c, StringComparison.Ordinal))
            {
                result.Append('\\');
            }

            result.Append(c);
        }

        return result.ToString();
    }

    private ShellProblem? Place(string? text)
    {
        if (text is null || _delimiter is not null)
        {
            return Unplaceable();
        }

        _output.Append(text);
        if (_document is not null || _pendingDocuments.Count > 0)
        {
            foreach (var c in text)
            {
                if (TrackDocumentLine(c, isValue: true) is { } problem)
                {
                    return problem;
                }
            }
        }

        _wordStart = false;
        _previous = 'x';
        return null;
    }

    private ShellProblem Unplaceable() => new(LoaderCodes.UnsafeExpression, UnplaceableReason());

    private string UnplaceableReason() => _delimiter is not null ? "an expression cannot be placed in a here-document delimiter" : Current switch
    {
        Mode.Backtick => "an expression inside `…` cannot be quoted safely; write $(…) instead",
        _ => "a secret cannot be used in a quoted here-document (<<'EOF'), where nothing is expanded; use an unquoted one",
    };

    /// <summary>Here-document bodies end at a line equal to their delimiter; a value must not make one.</summary>
    private ShellProblem? TrackDocumentLine(char c, bool isValue)
    {
        if (_document is null)
        {
            return null;
        }

        if (c != '\n')
        {
            _line.Append(c);
            _lineHasValue |= isValue;
            return null;
        }

        var line = _document.StripTabs ? _line.ToString().TrimStart('\t') : _line.ToString();
        var ends = string.Equals(line, _document.Delimiter, StringComparison.Ordinal);
        var madeByValue = _lineHasValue || isValue;
        _line.Clear();
        _lineHasValue = false;
        if (ends && madeByValue)
        {
            return new ShellProblem(LoaderCodes.ValueEndsHereDocument, $"a value holds the line '{_document.Delimiter}', which would end the here-document early; pass it through 'env:' instead");
        }

        if (ends)
        {
            // The body is over, and whatever it left open inside it with it.
            while (_frames.Count > 1 && _frames.Pop().Mode != Mode.Document)
            {
            }

            _document = _pendingDocuments.Count > 0 ? StartDocument(_pendingDocuments.Dequeue()) : null;
        }

        return null;
    }

    private HereDocument StartDocument(HereDocument document)
    {
        _frames.Push(new Frame(Mode.Document));
        return document;
    }

    private ShellProblem? Track(char c, bool isValue)
    {
        if (_delimiter is not null)
        {
            return ReadDelimiter(c);
        }

        if (_document is not null && _frames.Peek().Mode == Mode.Document)
        {
            var problem = TrackDocumentLine(c, isValue);
            if (problem is not null || _document is null || _document.Quoted || c == '\n')
            {
                return problem;
            }
        }
        else if (_document is not null)
        {
            // Inside $(…) within a here-document body: the body still ends at its delimiter line.
            TrackDocumentLine(c, isValue);
        }

        var previous = _previous;
        _previous = c;
        if (_escaped)
        {
            _escaped = false;
            _wordStart = false;
            return null;
        }

        switch (Current)
        {
            case Mode.Single:
                if (c == '\'')
                {
                    _frames.Pop();
                }

                break;
            case Mode.AnsiC:
                if (c == '\\')
                {
                    _escaped = true;
                }
                else if (c == '\'')
                {
                    _frames.Pop();
                }

                break;
            case Mode.Comment:
                if (c == '\n')
                {
                    _frames.Pop();
                    return Newline();
                }

                break;
            case Mode.Double:
            case Mode.Document:
            case Mode.Backtick:
                TrackExpanding(c, previous);
                break;
            default:
                return TrackBare(c, previous);
        }

        return null;
    }

    /// <summary>Inside "…", an unquoted here-document body or `…`: only \, $( and ` (and the closing quote) matter.</summary>
    private void TrackExpanding(char c, char previous)
    {
        switch (c)
        {
            case '\\':
                _escaped = true;
                break;
            case '`' when Current == Mode.Backtick:
                _frames.Pop();
                break;
            case '`':
                _frames.Push(new Frame(Mode.Backtick));
                break;
            case '"' when Current == Mode.Double:
                _frames.Pop();
                break;
            case '(' when previous == '$':
                _frames.Push(new Frame(Mode.Bare, IsSubstitution: true));
                break;
            default:
                break;
        }
    }

    private ShellProblem? TrackBare(char c, char previous)
    {
        var wordStart = _wordStart;
        _wordStart = c is ' ' or '\t' or '\n' or ';' or '&' or '|' or '(' or ')';
        switch (c)
        {
            case '\\':
                _escaped = true;
                break;
            case '\'' when previous == '$':
                _frames.Push(new Frame(Mode.AnsiC));
                break;
            case '\'':
                _frames.Push(new Frame(Mode.Single));
                break;
            case '"':
                _frames.Push(new Frame(Mode.Double));
                break;
            case '`':
                _frames.Push(new Frame(Mode.Backtick));
                break;
            case '#' when wordStart:
                _frames.Push(new Frame(Mode.Comment));
                break;
            case '(':
                var opened = _frames.Pop();
                _frames.Push(opened with { Parens = opened.Parens + 1 });
                break;
            case ')' when _frames.Peek().Parens > 0:
                var closed = _frames.Pop();
                _frames.Push(closed with { Parens = closed.Parens - 1 });
                break;
            case ')' when _frames.Peek().IsSubstitution:
                _frames.Pop();
                break;
            case '<' when previous == '<' && _frames.Peek().Parens == 0:
                _delimiter = new DelimiterReader();
                break;
            case '\n':
                return Newline();
            default:
                break;
        }

        return null;
    }

    private ShellProblem? Newline()
    {
        if (_document is null && _pendingDocuments.Count > 0)
        {
            _document = StartDocument(_pendingDocuments.Dequeue());
        }

        return null;
    }

    private ShellProblem? ReadDelimiter(char c)
    {
        var reader = _delimiter!;
        if (reader.Text.Length == 0 && !reader.Quoted)
        {
            if (c == '<' && !reader.SawDash && !reader.SawBlank)
            {
                // <<< is a here-string, not a here-document.
                _delimiter = null;
                _previous = c;
                return null;
            }

            if (c == '-' && !reader.SawDash && !reader.SawBlank)
            {
                reader.SawDash = true;
                return null;
            }

            if (c is ' ' or '\t')
            {
                reader.SawBlank = true;
                return null;
            }
        }

        if (c is '\'' or '"' or '\\')
        {
            reader.Quoted = true;
            return null;
        }

        if (c is ' ' or '\t' or '\n' or ';' or '&' or '|' or '<' or '>' or ')')
        {
            _delimiter = null;
            _pendingDocuments.Enqueue(new HereDocument(reader.Text.ToString(), reader.Quoted, reader.SawDash));
            _previous = ' ';
            _wordStart = true;
            return Track(c, isValue: false);
        }

        reader.Text.Append(c);
        return null;
    }

    private sealed record Frame(Mode Mode, bool IsSubstitution = false, int Parens = 0);

    private sealed record HereDocument(string Delimiter, bool Quoted, bool StripTabs);

    private sealed class DelimiterReader
    {
        public StringBuilder Text { get; } = new();

        public bool Quoted { get; set; }

        public bool SawDash { get; set; }

        public bool SawBlank { get; set; }
    }
}
