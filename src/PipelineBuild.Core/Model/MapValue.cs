using System.Text;

namespace PipelineBuild.Core.Model;

/// <summary>A map that keeps the order its keys were written in; keys are unique.</summary>
public sealed record MapValue(IReadOnlyList<KeyValuePair<string, ValueNode>> Entries) : ValueNode
{
    public static MapValue Empty { get; } = new([]);

    // Beyond a few keys, lookups go through an index so that loading stays linear in the params' size.
    private const int IndexedKeys = 16;

    private Dictionary<string, int>? _index;

    // A copy ('with') may change the entries: it must not share the index.
    private MapValue(MapValue original)
        : base(original)
    {
        Entries = original.Entries;
    }

    public ValueNode? this[string key] => IndexOf(key) is var i and >= 0 ? Entries[i].Value : null;

    /// <summary>The position of <paramref name="key"/> in <see cref="Entries"/>, or -1.</summary>
    public int IndexOf(string key)
    {
        if (Entries.Count < IndexedKeys)
        {
            for (var i = 0; i < Entries.Count; i++)
            {
                if (string.Equals(Entries[i].Key, key, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        return (_index ??= BuildIndex()).GetValueOrDefault(key, -1);
    }

    private Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(Entries.Count, StringComparer.Ordinal);
        for (var i = 0; i < Entries.Count; i++)
        {
            index.TryAdd(Entries[i].Key, i);
        }

        return index;
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
