namespace PipelineBuild.Core.Yaml;

/// <summary>An open mapping or sequence while the tree is built; the explicit stack replaces recursion.</summary>
internal sealed class YamlTreeFrame
{
    // Below this many keys a scan of the entries is cheaper than a dictionary.
    private const int IndexedKeys = 16;

    private Dictionary<string, YamlTreeScalar>? _keyIndex;

    public YamlTreeNode Node { get; private set; } = null!;

    public string? Anchor { get; private set; }

    /// <summary>The key waiting for its value (mappings only).</summary>
    public YamlTreeScalar? PendingKey { get; set; }

    /// <summary>A key was read but is unusable (not a string, or a duplicate): its value is dropped.</summary>
    public bool DropNextValue { get; set; }

    public bool ExpectsValue => PendingKey is not null || DropNextValue;

    /// <summary>Makes this frame the open frame of <paramref name="node"/>; frames are reused.</summary>
    public void Open(YamlTreeNode node, string? anchor)
    {
        Node = node;
        Anchor = anchor;
        PendingKey = null;
        DropNextValue = false;
        _keyIndex = null;
    }

    /// <summary>The earlier key of the mapping with this text, or null. Keys are looked up before their value arrives.</summary>
    public YamlTreeScalar? SeenKey(string key)
    {
        if (_keyIndex is not null)
        {
            return _keyIndex.GetValueOrDefault(key);
        }

        var mapping = (YamlTreeMapping)Node;
        if (mapping.Entries.Count < IndexedKeys)
        {
            return mapping.FindKey(key);
        }

        _keyIndex = new(mapping.Entries.Count * 2, StringComparer.Ordinal);
        foreach (var (seen, _) in mapping.Entries)
        {
            _keyIndex.Add(seen.Value, seen);
        }

        return _keyIndex.GetValueOrDefault(key);
    }

    /// <summary>Accepts <paramref name="key"/> as the key of the next value.</summary>
    public void AcceptKey(YamlTreeScalar key)
    {
        _keyIndex?.Add(key.Value, key);
        PendingKey = key;
    }
}
