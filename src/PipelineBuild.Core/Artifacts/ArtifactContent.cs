using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Artifacts;

/// <summary>
/// What an artifact's <c>path</c> holds now: its files relative to the artifact's root (a file
/// artifact holds one file, named as on disk) and the digest of their listing, which decides
/// whether the content is new. A symlink leading outside the workspace throws
/// <see cref="LinkOutsideWorkspaceException"/>: its target is never copied into the artifact store.
/// </summary>
public sealed class ArtifactContent
{
    private readonly string _root;

    private ArtifactContent(string root, IReadOnlyList<ArtifactFile> files)
    {
        _root = root;
        Files = files;
        Digest = new TreeListing(files.Select(f => new FileDigest(f.Path, f.Digest)).ToList()).Digest;
    }

    public IReadOnlyList<ArtifactFile> Files { get; }

    public ContentDigest Digest { get; }

    /// <summary>The content under <paramref name="artifactPath"/> (a folder ends with <c>/</c>); null when it does not exist.</summary>
    public static ArtifactContent? Scan(WorkspaceLayout layout, string artifactPath)
    {
        var relative = artifactPath.TrimEnd('/');
        var full = layout.FullPath(relative);
        if (relative.Length > 0)
        {
            new LinkGuard(layout).Check(relative);
        }

        if (Directory.Exists(full))
        {
            var files = WorkspaceFiles.UnderFolder(layout, relative)
                .Select(p => Describe(layout.FullPath(p), p[(relative.Length + 1)..]))
                .OrderBy(f => f.Path, StringComparer.Ordinal)
                .ToList();
            return new ArtifactContent(full, files);
        }

        return File.Exists(full) ? new ArtifactContent(Path.GetDirectoryName(full)!, [Describe(full, Path.GetFileName(full))]) : null;
    }

    /// <summary>The digest an artifact made of these files has.</summary>
    public static ContentDigest DigestOf(IEnumerable<ArtifactFile> files) =>
        new TreeListing(files.Select(f => new FileDigest(f.Path, f.Digest)).ToList()).Digest;

    /// <summary>Where a file of the artifact is on disk now.</summary>
    public string SourcePath(ArtifactFile file) => Path.Combine(_root, file.Path.Replace('/', Path.DirectorySeparatorChar));

    private static ArtifactFile Describe(string fullPath, string path) =>
        new(path, FileHasher.Hash(fullPath), new FileInfo(fullPath).Length);
}
