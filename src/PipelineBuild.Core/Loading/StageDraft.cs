using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Loading;

/// <summary>A stage as read: its steps are still drafts.</summary>
internal sealed record StageDraft(
    string Name,
    IReadOnlyList<NeedReference> Needs,
    string? Image,
    IReadOnlyList<StepDraft> Steps,
    SourceLocation Location);
