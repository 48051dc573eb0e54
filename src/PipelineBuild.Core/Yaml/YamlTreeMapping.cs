using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Yaml;

internal sealed class YamlTreeMapping : YamlTreeNode
{
    public YamlTreeMapping(SourceLocation location)
        : base(location)
    {
    }

    /// <summary>The entries in file order; keys are unique (duplicates are reported and dropped).</summary>
    public List<KeyValuePair<YamlTreeScalar, YamlTreeNode>> Entries { get; } = [];

    public YamlTreeNode? Find(string key) => FindEntry(key)?.Value;

    /// <summary>The key node, for diagnostics that point at the key rather than its value.</summary>
    public YamlTreeScalar? FindKey(string key) => FindEntry(key)?.Key;

    private KeyValuePair<YamlTreeScalar, YamlTreeNode>? FindEntry(string key)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }

    public override string Describe() => "a map";
}
