using System.Text;

namespace PipelineBuild.Core.Model;

public sealed record ListValue(IReadOnlyList<ValueNode> Items) : ValueNode
{
    public override void WriteCanonical(StringBuilder builder)
    {
        builder.Append('[');
        for (var i = 0; i < Items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            Items[i].WriteCanonical(builder);
        }

        builder.Append(']');
    }

    public bool Equals(ListValue? other) => other is not null && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => Items.Count;
}
