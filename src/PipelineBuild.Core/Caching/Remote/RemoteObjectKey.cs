using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Caching.Remote;

/// <summary>One object of a remote cache: <c>ac/&lt;sha256&gt;</c> or <c>cas/&lt;sha256&gt;</c>.</summary>
public readonly record struct RemoteObjectKey(RemoteArea Area, ContentDigest Digest)
{
    public static RemoteObjectKey Entry(ActionKey key) => new(RemoteArea.ActionCache, key.Digest);

    public static RemoteObjectKey Blob(ContentDigest digest) => new(RemoteArea.Content, digest);

    /// <summary>The object's path under the remote's prefix: <c>ac/…</c> or <c>cas/…</c>.</summary>
    public string RelativePath => (Area == RemoteArea.ActionCache ? "ac/" : "cas/") + Digest.Hex;

    public override string ToString() => RelativePath;
}
