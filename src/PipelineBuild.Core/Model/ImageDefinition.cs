using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Model;

/// <summary>An entry of <c>images:</c>: built from a context folder in the repo, or a plain reference.</summary>
public sealed record ImageDefinition(
    string Name,
    string? BuildContext,
    string? Dockerfile,
    string? Reference,
    PullPolicy Pull,
    SourceLocation Location);
