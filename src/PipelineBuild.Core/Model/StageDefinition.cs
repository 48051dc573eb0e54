using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Model;

public sealed record StageDefinition(
    string Name,
    IReadOnlyList<NeedReference> Needs,
    string? Image,
    IReadOnlyList<string> StepIds,
    SourceLocation Location);
