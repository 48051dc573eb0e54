using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Runs;

/// <summary>An artifact's current version after a run; <paramref name="IsNew"/> when that run published it.</summary>
public sealed record PublishedArtifact(string Name, string Version, ContentDigest Digest, bool IsNew);
