using System.Text;

namespace PipelineBuild.Core.Model;

public sealed record ScalarValue(string Text) : ValueNode
{
    public override void WriteCanonical(StringBuilder builder) => WriteQuoted(builder, Text);

    public override string ToExpansionText() => Text;

    public override string ToString() => Text;
}
