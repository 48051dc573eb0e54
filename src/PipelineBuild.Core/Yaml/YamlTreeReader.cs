using PipelineBuild.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PipelineBuild.Core.Yaml;

/// <summary>
/// Turns YamlDotNet parser events into a <see cref="YamlTreeNode"/> tree, iteratively, so that no
/// input can overflow the stack; nesting, aliases and documents are bounded and reported, never thrown.
/// </summary>
internal sealed class YamlTreeReader
{
    public const int MaxDepth = 256;

    private readonly string _file;
    private readonly DiagnosticBag _diagnostics;
    // Frames are reused by depth: a pipeline opens a map per step but nests only a few levels.
    private readonly List<YamlTreeFrame> _frames = [];
    private int _depth;
    private readonly Dictionary<string, YamlTreeNode> _anchors = new(StringComparer.Ordinal);
    private YamlTreeNode? _root;
    private int _documents;

    public YamlTreeReader(string file, DiagnosticBag diagnostics)
    {
        _file = file;
        _diagnostics = diagnostics;
    }

    /// <summary>Reads one document; null when the text is empty or unreadable (the reason is reported).</summary>
    public YamlTreeNode? Read(string text)
    {
        // Where the parser got to, for failures that carry no position of their own.
        var reached = Mark.Empty;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                if (parser.Current is { } current)
                {
                    reached = current.End;
                    if (!Accept(current))
                    {
                        return null;
                    }
                }
            }

            return _root;
        }
        catch (YamlException ex)
        {
            // A scanner error's End is the offending character (a tab used as indentation); its Start
            // may be where the enclosing mapping began, lines earlier.
            var at = ex is SyntaxErrorException && ex.End.Line >= ex.Start.Line ? ex.End : ex.Start;
            var location = ex.Start.Equals(Mark.Empty) && ex.End.Equals(Mark.Empty) ? Unmarked(text, reached) : At(at);
            _diagnostics.Error(YamlCodes.SyntaxError, location, $"invalid YAML: {ex.Message}", "fix the YAML syntax at this position");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The parser is third-party code fed hostile input: anything it throws is a user error.
            // Its message is not shown: in the Native AOT tool .NET's own texts are resource keys.
            _diagnostics.Error(
                YamlCodes.SyntaxError,
                At(reached),
                $"invalid YAML after this position (the parser stopped with {ex.GetType().Name})",
                "check the YAML syntax from here on: unclosed brackets or quotes, and that the file is UTF-8 text");
        }

        return null;
    }

    private bool Accept(ParsingEvent e)
    {
        switch (e)
        {
            case DocumentStart when ++_documents > 1:
                _diagnostics.Error(YamlCodes.MultipleDocuments, At(e.Start), "the file holds more than one YAML document", "keep one pipeline per file; remove the '---' separator");
                return false;
            case Scalar s:
                var scalar = new YamlTreeScalar(s.Value, s.Style, At(s.Start));
                Remember(s.Anchor, scalar);
                return Add(scalar, e.Start);
            case AnchorAlias alias:
                return AddAlias(alias);
            case MappingStart m:
                return Push(new YamlTreeMapping(At(m.Start)), m.Anchor, m.Start);
            case SequenceStart q:
                return Push(new YamlTreeSequence(At(q.Start)), q.Anchor, q.Start);
            case MappingEnd or SequenceEnd:
                var frame = _frames[--_depth];
                Remember(frame.Anchor is null ? AnchorName.Empty : new AnchorName(frame.Anchor), frame.Node);
                return Add(frame.Node, e.Start);
            default:
                return true;
        }
    }

    private bool Push(YamlTreeNode node, AnchorName anchor, Mark start)
    {
        if (_depth + 1 > MaxDepth)
        {
            ReportTooDeep(At(start));
            return false;
        }

        if (_depth == _frames.Count)
        {
            _frames.Add(new YamlTreeFrame());
        }

        _frames[_depth++].Open(node, anchor.IsEmpty ? null : anchor.Value);
        return true;
    }

    private bool AddAlias(AnchorAlias alias)
    {
        if (!_anchors.TryGetValue(alias.Value.Value, out var target))
        {
            _diagnostics.Error(YamlCodes.SyntaxError, At(alias.Start), $"unknown alias '*{alias.Value.Value}'", "define the anchor ('&name') before the alias that uses it");
            target = new YamlTreeScalar(string.Empty, ScalarStyle.Plain, At(alias.Start));
        }
        else if (_depth + target.Height > MaxDepth)
        {
            ReportTooDeep(At(alias.Start));
            return false;
        }

        return Add(target, alias.Start);
    }

    private bool Add(YamlTreeNode node, Mark start)
    {
        if (_depth == 0)
        {
            _root = node;
            return true;
        }

        var frame = _frames[_depth - 1];
        frame.Node.Height = Math.Max(frame.Node.Height, node.Height + 1);
        if (frame.Node is YamlTreeSequence sequence)
        {
            sequence.Items.Add(node);
            return true;
        }

        var mapping = (YamlTreeMapping)frame.Node;
        if (frame.ExpectsValue)
        {
            if (frame.PendingKey is { } key)
            {
                mapping.Entries.Add(new(key, node));
            }

            frame.PendingKey = null;
            frame.DropNextValue = false;
            return true;
        }

        AddKey(frame, node, At(start));
        return true;
    }

    private void AddKey(YamlTreeFrame frame, YamlTreeNode node, SourceLocation location)
    {
        if (node is not YamlTreeScalar key)
        {
            _diagnostics.Error(YamlCodes.WrongType, location, $"a map key must be a string, not {node.Describe()}", "write the key as plain text");
            frame.DropNextValue = true;
        }
        else if (frame.SeenKey(key.Value) is { } first)
        {
            _diagnostics.Error(YamlCodes.DuplicateKey, key.Location, $"duplicate key '{key.Value}' (first defined at line {first.Location.Line})", "remove one of the two entries or rename it");
            frame.DropNextValue = true;
        }
        else
        {
            frame.AcceptKey(key);
        }
    }

    private void Remember(AnchorName anchor, YamlTreeNode node)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }
    }

    private void ReportTooDeep(SourceLocation location) =>
        _diagnostics.Error(YamlCodes.TooDeep, location, $"the YAML nests deeper than {MaxDepth} levels", "flatten the structure; pipeline files never need this depth");

    /// <summary>
    /// Where an error the parser raised without a position lies: the first line from the last good
    /// token on that is indented with a tab (YamlDotNet's one unmarked error), else that token's end.
    /// </summary>
    private SourceLocation Unmarked(string text, Mark reached)
    {
        var line = 1;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end;
            if (line >= reached.Line)
            {
                var indent = start;
                while (indent < end && text[indent] is ' ' or '\t')
                {
                    if (text[indent] == '\t')
                    {
                        return new SourceLocation(_file, line, indent - start + 1);
                    }

                    indent++;
                }
            }

            line++;
            start = end + 1;
        }

        return At(reached);
    }

    private SourceLocation At(Mark mark) => new(_file, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column));
}
