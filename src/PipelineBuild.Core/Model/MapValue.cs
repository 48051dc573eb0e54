using System.Text;

namespace PipelineBuild.Core.Model;

/// <summary>A map that keeps the order its keys were written in; keys are unique.</summary>
public sealed record MapValue(IReadOnlyList<KeyValuePair<string, ValueNode>> Entries) : ValueNode
{
    public static MapValue Empty { get; } = new([]);

    public ValueNode? this[string key]
    {
        get
        {
            foreach (var entry in Entries)
            {
                if (string.Equals(entry.Key, key, StringComparison.Ordinal))
                {
                    return entry.Value;
                }
            }

            return null;
        }
    }

    public override void WriteCanonical(StringBuilder builder)
    {
        builder.Append('{');
        var first = true;
        foreach (var entry in Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            WriteQuoted(builder, entry.Key);
            builder.Append(':');
            entry.Value.WriteCanonical(builder);
        }

        builder.Append('}');
    }

    public bool Equals(MapValue? other) =>
        other is not null && ToCanonicalString() == other.ToCanonicalString();

    public override int GetHashCode() => Entries.Count;
}
