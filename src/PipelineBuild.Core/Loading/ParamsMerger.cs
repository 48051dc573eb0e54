using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Loading;

/// <summary>Immutable edits of a params tree: a deep merge and the replacement of one leaf.</summary>
internal static class ParamsMerger
{
    /// <summary>Maps merge key by key; anything else in <paramref name="over"/> replaces what it covers.</summary>
    public static MapValue Merge(MapValue under, MapValue over)
    {
        var entries = new List<KeyValuePair<string, ValueNode>>(under.Entries);
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, value) in over.Entries)
        {
            var index = under.IndexOf(key);
            if (index < 0 && !added.TryGetValue(key, out index))
            {
                added[key] = entries.Count;
                entries.Add(new(key, value));
            }
            else
            {
                var merged = entries[index].Value is MapValue a && value is MapValue b ? Merge(a, b) : value;
                entries[index] = new(key, merged);
            }
        }

        return new MapValue(entries);
    }

    /// <summary>The tree with the leaf at <paramref name="path"/> replaced; the path must lead through maps to an existing key.</summary>
    public static MapValue Replace(MapValue root, ReadOnlySpan<string> path, ValueNode value)
    {
        var entries = new List<KeyValuePair<string, ValueNode>>(root.Entries);
        var key = path[0];
        var index = root.IndexOf(key);
        var replaced = path.Length == 1 ? value : Replace((MapValue)entries[index].Value, path[1..], value);
        entries[index] = new(key, replaced);
        return new MapValue(entries);
    }
}
