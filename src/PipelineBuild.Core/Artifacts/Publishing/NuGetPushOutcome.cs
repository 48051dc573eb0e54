namespace PipelineBuild.Core.Artifacts.Publishing;

/// <summary>What a push did: pushed, found the version already there, or why it could not (the source's words).</summary>
public sealed record NuGetPushOutcome(NuGetPushStatus Status, string Detail = "");
