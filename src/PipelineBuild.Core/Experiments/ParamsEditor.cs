using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PipelineBuild.Core.Experiments;

/// <summary>
/// Rewrites param values in YAML text in place — only the scalars named, so comments, order and layout
/// stay as the user wrote them. Used on an experiment's copy and by <c>exp apply</c>, on either the
/// pipeline file (<c>params:</c> inline, prefix <c>params</c>) or a params file (no prefix).
/// </summary>
public static partial class ParamsEditor
{
    /// <summary>The params file the pipeline names (<c>params: params.yaml</c>), or null when its params are inline.</summary>
    public static string? ParamsFileOf(string pipelineText)
    {
        string? file = null;
        Walk(pipelineText, (path, scalar) =>
        {
            if (path.Count == 1 && string.Equals(path[0], "params", StringComparison.Ordinal))
            {
                file = scalar.Value;
            }
        });
        return file;
    }

    /// <summary>
    /// The text with each named leaf (dotted, under <paramref name="prefix"/>) set to its value; the names
    /// it could not find (not a scalar leaf in this text) in <paramref name="missing"/>.
    /// </summary>
    public static string Set(string text, string? prefix, IReadOnlyDictionary<string, string> values, out IReadOnlyList<string> missing)
    {
        var edits = new List<(int Start, int End, string Replacement)>();
        var found = new HashSet<string>(StringComparer.Ordinal);
        Walk(text, (path, scalar) =>
        {
            var dotted = string.Join('.', path);
            if (prefix is not null)
            {
                if (!dotted.StartsWith(prefix + ".", StringComparison.Ordinal))
                {
                    return;
                }

                dotted = dotted[(prefix.Length + 1)..];
            }

            if (values.TryGetValue(dotted, out var value) && found.Add(dotted))
            {
                edits.Add(((int)scalar.Start.Index, (int)scalar.End.Index, Format(value, scalar.Style)));
            }
        });

        missing = values.Keys.Where(k => !found.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var result = new StringBuilder(text);
        foreach (var (start, end, replacement) in edits.OrderByDescending(e => e.Start))
        {
            result.Remove(start, end - start).Insert(start, replacement);
        }

        return result.ToString();
    }

    /// <summary>Plain when it reads back as the same text and the original was plain; double-quoted otherwise.</summary>
    private static string Format(string value, ScalarStyle original) =>
        original is ScalarStyle.Plain or ScalarStyle.Any && PlainSafe().IsMatch(value)
            ? value
            : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    /// <summary>Calls <paramref name="leaf"/> for every scalar in a mapping value position, with its key path.</summary>
    private static void Walk(string text, Action<IReadOnlyList<string>, Scalar> leaf)
    {
        var parser = new Parser(new StringReader(text));
        var frames = new Stack<Frame>();
        var path = new List<string>();
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case Scalar scalar when frames.TryPeek(out var top) && top.IsMapping && top.ExpectingKey:
                    top.ExpectingKey = false;
                    path.Add(scalar.Value);
                    break;
                case Scalar scalar:
                    if (frames.TryPeek(out var parent) && parent.IsMapping)
                    {
                        leaf(path, scalar);
                        EndValue(frames, path);
                    }

                    break;
                case MappingStart:
                    frames.Push(new Frame(IsMapping: true));
                    break;
                case SequenceStart:
                    frames.Push(new Frame(IsMapping: false));
                    break;
                case MappingEnd or SequenceEnd:
                    frames.Pop();
                    EndValue(frames, path);
                    break;
                case AnchorAlias:
                    EndValue(frames, path);
                    break;
                default:
                    break;
            }
        }
    }

    private static void EndValue(Stack<Frame> frames, List<string> path)
    {
        if (frames.TryPeek(out var top) && top.IsMapping)
        {
            top.ExpectingKey = true;
            path.RemoveAt(path.Count - 1);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_./+-]+$")]
    private static partial Regex PlainSafe();

    private sealed record Frame(bool IsMapping)
    {
        public bool ExpectingKey { get; set; } = true;
    }
}
