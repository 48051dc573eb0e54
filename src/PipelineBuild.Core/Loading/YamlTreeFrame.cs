namespace PipelineBuild.Core.Loading;

/// <summary>An open mapping or sequence while the tree is built; the explicit stack replaces recursion.</summary>
internal sealed class YamlTreeFrame
{
    public YamlTreeFrame(YamlTreeNode node, string? anchor)
    {
        Node = node;
        Anchor = anchor;
    }

    public YamlTreeNode Node { get; }

    public string? Anchor { get; }

    /// <summary>The key waiting for its value (mappings only).</summary>
    public YamlTreeScalar? PendingKey { get; set; }

    /// <summary>A key was read but is unusable (not a string, or a duplicate): its value is dropped.</summary>
    public bool DropNextValue { get; set; }

    public bool ExpectsValue => PendingKey is not null || DropNextValue;

    public Dictionary<string, YamlTreeScalar> SeenKeys { get; } = new(StringComparer.Ordinal);
}
