namespace PipelineBuild.Core.Model;

/// <summary>The params of a run: defaults with overrides applied. Names are dotted paths (<c>train.depth</c>).</summary>
public sealed class ParamSet
{
    public ParamSet(MapValue root)
    {
        Root = root;
    }

    public static ParamSet Empty { get; } = new(MapValue.Empty);

    public MapValue Root { get; }

    /// <summary>Finds a value by dotted name; a list item is addressed by its index (<c>layers.0</c>).</summary>
    public ValueNode? Find(string dottedName)
    {
        ValueNode? current = Root;
        foreach (var part in dottedName.Split('.'))
        {
            current = current switch
            {
                MapValue map => map[part],
                ListValue list when int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) && i < list.Items.Count => list.Items[i],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>All leaf names, dotted, in ordinal order.</summary>
    public IReadOnlyList<string> LeafNames()
    {
        var names = new List<string>();
        Collect(Root, prefix: null, names);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    private static void Collect(ValueNode node, string? prefix, List<string> names)
    {
        switch (node)
        {
            case MapValue map:
                foreach (var (key, value) in map.Entries)
                {
                    Collect(value, prefix is null ? key : $"{prefix}.{key}", names);
                }

                break;
            default:
                if (prefix is not null)
                {
                    names.Add(prefix);
                }

                break;
        }
    }
}
