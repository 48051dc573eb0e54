using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Artifacts;

/// <summary>
/// An artifact version: the content of <c>artifact.json</c>. <see cref="Digest"/> is the SHA-256 of
/// the artifact's file listing (<c>sha256sum</c> lines of its files, paths relative to its root),
/// so it names the whole content; a single-file artifact lists one file.
/// </summary>
public sealed record ArtifactManifest
{
    public const int Schema = 1;

    public required string Name { get; init; }

    public required string Version { get; init; }

    public required ContentDigest Digest { get; init; }

    /// <summary>The artifact's <c>path</c> in the workspace (folders end with <c>/</c>).</summary>
    public required string Path { get; init; }

    public required IReadOnlyList<ArtifactFile> Files { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required ArtifactLineage Lineage { get; init; }

    public string Reference => $"{Name}@{Version}";
}
