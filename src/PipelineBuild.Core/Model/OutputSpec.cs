using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Model;

/// <summary>One entry of a step's <c>outputs</c>: a workspace-relative file, or a folder when it ends with <c>/</c>.</summary>
public sealed record OutputSpec(string Path, bool IsFolder, SourceLocation Location)
{
    public override string ToString() => IsFolder ? Path + "/" : Path;
}
