namespace PipelineBuild.Core.Caching.Remote;

/// <summary>The two areas of a remote cache, as the Bazel HTTP cache protocol names them.</summary>
public enum RemoteArea
{
    /// <summary><c>ac/&lt;sha256&gt;</c>: an action entry, keyed by the step's fingerprint.</summary>
    ActionCache,

    /// <summary><c>cas/&lt;sha256&gt;</c>: content, keyed by the SHA-256 of its bytes.</summary>
    Content,
}
