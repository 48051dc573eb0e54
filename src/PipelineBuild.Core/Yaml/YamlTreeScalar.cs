using PipelineBuild.Core.Diagnostics;
using YamlDotNet.Core;

namespace PipelineBuild.Core.Yaml;

internal sealed class YamlTreeScalar : YamlTreeNode
{
    public YamlTreeScalar(string value, ScalarStyle style, SourceLocation location)
        : base(location)
    {
        Value = value;
        Style = style;
    }

    public string Value { get; }

    public ScalarStyle Style { get; }

    /// <summary>A plain empty, <c>~</c> or <c>null</c> value: the key was written without a value.</summary>
    public bool IsNull => Style is ScalarStyle.Plain or ScalarStyle.Any && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "an empty value" : "a string";

    /// <summary>
    /// Where the character at <paramref name="index"/> of the value sits in the file: exact for
    /// one-line plain or quoted scalars, the scalar's start otherwise (escapes and folding blur it).
    /// </summary>
    public SourceLocation LocationOf(int index)
    {
        var quote = Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
        var inline = Style is ScalarStyle.Plain or ScalarStyle.Any || quote == 1;
        return inline && !Value.Contains('\n', StringComparison.Ordinal)
            ? Location with { Column = Location.Column + quote + index }
            : Location;
    }
}
