using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Model;

/// <summary>An entry of <c>artifacts:</c>.</summary>
public sealed record ArtifactDefinition(
    string Name,
    string Path,
    string Version,
    IReadOnlyList<string> Publish,
    SourceLocation Location);
