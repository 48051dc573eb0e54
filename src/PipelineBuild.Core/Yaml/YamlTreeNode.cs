using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Yaml;

/// <summary>A node of the parsed YAML tree; aliases share the anchored node instead of copying it.</summary>
internal abstract class YamlTreeNode
{
    protected YamlTreeNode(SourceLocation location)
    {
        Location = location;
    }

    public SourceLocation Location { get; }

    /// <summary>The deepest nesting below this node, aliases included; bounds every recursive walk.</summary>
    public int Height { get; set; }

    /// <summary>What the node is, for messages: "a string", "a map", "a list".</summary>
    public abstract string Describe();
}
