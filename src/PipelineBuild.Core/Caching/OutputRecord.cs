using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Caching;

/// <summary>One declared output after a run: a file's digest, or a folder's tree-listing digest.</summary>
public sealed record OutputRecord(string Path, bool IsFolder, ContentDigest Digest)
{
    /// <summary>The key used in lock files and manifests: folders end with <c>/</c>.</summary>
    public string Key => KeyOf(Path, IsFolder);

    public static string KeyOf(string path, bool isFolder) => isFolder ? path + "/" : path;

    public static OutputRecord FromKey(string key, ContentDigest digest) =>
        key.EndsWith('/') ? new(key[..^1], true, digest) : new(key, false, digest);
}
