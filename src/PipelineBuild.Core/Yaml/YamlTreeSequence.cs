using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Yaml;

internal sealed class YamlTreeSequence : YamlTreeNode
{
    public YamlTreeSequence(SourceLocation location)
        : base(location)
    {
    }

    public List<YamlTreeNode> Items { get; } = [];

    public override string Describe() => "a list";
}
