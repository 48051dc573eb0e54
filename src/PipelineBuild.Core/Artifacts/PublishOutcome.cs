using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Core.Artifacts;

/// <summary>The artifacts' current versions after a run, and what went wrong while publishing.</summary>
public sealed record PublishOutcome(IReadOnlyList<PublishedArtifact> Artifacts, IReadOnlyList<RunProblem> Problems);
