using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Model;

/// <summary>One entry of a step's <c>inputs</c>, expanded and normalized to a workspace-relative, <c>/</c>-separated path.</summary>
public sealed record InputSpec(string Path, InputKind Kind, bool IsFolder, SourceLocation Location)
{
    public override string ToString() => Path;
}
