using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Loading;

internal sealed class YamlTreeMapping : YamlTreeNode
{
    public YamlTreeMapping(SourceLocation location)
        : base(location)
    {
    }

    /// <summary>The entries in file order; keys are unique (duplicates are reported and dropped).</summary>
    public List<KeyValuePair<YamlTreeScalar, YamlTreeNode>> Entries { get; } = [];

    public YamlTreeNode? Find(string key)
    {
        foreach (var (k, v) in Entries)
        {
            if (string.Equals(k.Value, key, StringComparison.Ordinal))
            {
                return v;
            }
        }

        return null;
    }

    public override string Describe() => "a map";
}
