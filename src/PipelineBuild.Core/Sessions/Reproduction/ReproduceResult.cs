using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Sessions.Reproduction;

/// <summary>
/// What <c>reproduce</c> found: the rebuilt artifact's digest against the recorded one, and per step
/// whether its outputs came out as recorded. <see cref="MissingInputs"/> is not empty when the rebuild
/// could not start; <see cref="FailedStep"/> names a step that failed in the rebuild.
/// </summary>
public sealed record ReproduceResult(
    ArtifactManifest Manifest,
    ContentDigest? ActualDigest,
    IReadOnlyList<StepReproduction> Steps,
    IReadOnlyList<string> MissingInputs,
    string? FailedStep,
    string Workspace,
    bool FromGitCommit)
{
    public bool Matches => MissingInputs.Count == 0 && FailedStep is null && ActualDigest == Manifest.Digest;

    /// <summary>The first step, in graph order, whose outputs differ from the recorded ones.</summary>
    public StepReproduction? FirstDifference => Steps.FirstOrDefault(s => !s.OutputsMatch);
}
