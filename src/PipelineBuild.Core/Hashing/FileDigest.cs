namespace PipelineBuild.Core.Hashing;

/// <summary>A workspace-relative file path and the digest of its content.</summary>
public readonly record struct FileDigest(string Path, ContentDigest Digest);
