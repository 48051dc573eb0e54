using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Artifacts;

/// <summary>A file of an artifact: its path inside the artifact (<c>/</c>-separated), digest and size.</summary>
public sealed record ArtifactFile(string Path, ContentDigest Digest, long Size);
