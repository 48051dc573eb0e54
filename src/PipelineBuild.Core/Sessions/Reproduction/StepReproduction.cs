using PipelineBuild.Core.Artifacts;
namespace PipelineBuild.Core.Sessions.Reproduction;

/// <summary>One step of a rebuild: whether its fingerprint and outputs equal the recorded ones, and which outputs differ.</summary>
public sealed record StepReproduction(string Id, bool FingerprintMatches, bool OutputsMatch, IReadOnlyList<string> DifferingOutputs);
