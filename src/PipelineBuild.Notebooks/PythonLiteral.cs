using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Notebooks;

/// <summary>
/// A param or <c>with</c> value as Python source, with the YAML types the task request gives them:
/// <c>5</c> and <c>0.1</c> numbers (as written), <c>true</c>/<c>false</c> <c>True</c>/<c>False</c>,
/// <c>null</c>/<c>~</c> <c>None</c>, maps dicts, lists lists, the rest strings (a JSON string is a
/// valid Python string literal).
/// </summary>
public static partial class PythonLiteral
{
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Of(ValueNode? value)
    {
        var text = new StringBuilder();
        Append(text, value);
        return text.ToString();
    }

    /// <summary>A name a cell can assign: an ASCII identifier that is not a Python keyword.</summary>
    public static bool IsIdentifier(string name) => Identifier().IsMatch(name) && !Keywords.Contains(name);

    private static void Append(StringBuilder text, ValueNode? value)
    {
        switch (value)
        {
            case null:
                text.Append("None");
                break;
            case MapValue map:
                text.Append('{');
                var first = true;
                foreach (var (key, item) in map.Entries)
                {
                    text.Append(first ? "" : ", ").Append(Quoted(key)).Append(": ");
                    Append(text, item);
                    first = false;
                }

                text.Append('}');
                break;
            case ListValue list:
                text.Append('[');
                for (var i = 0; i < list.Items.Count; i++)
                {
                    text.Append(i == 0 ? "" : ", ");
                    Append(text, list.Items[i]);
                }

                text.Append(']');
                break;
            case ScalarValue { Text: "true" or "True" or "TRUE" }:
                text.Append("True");
                break;
            case ScalarValue { Text: "false" or "False" or "FALSE" }:
                text.Append("False");
                break;
            case ScalarValue { Text: "null" or "Null" or "NULL" or "~" }:
                text.Append("None");
                break;
            case ScalarValue scalar when Number().IsMatch(scalar.Text):
                text.Append(scalar.Text);
                break;
            default:
                text.Append(Quoted(value.ToExpansionText()));
                break;
        }
    }

    private static string Quoted(string value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Relaxed))
        {
            writer.WriteStringValue(value);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    };

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex Number();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
