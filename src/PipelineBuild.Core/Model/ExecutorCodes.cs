namespace PipelineBuild.Core.Model;

/// <summary>The stable codes of choosing where steps run (<c>executor:</c>, <c>placement:</c>, <c>registry:</c>); indexed in docs/error-codes.md.</summary>
public static class ExecutorCodes
{
    /// <summary>A step that is not a container step names a cluster executor, or has <c>placement:</c>.</summary>
    public const string NotAContainerStep = "PB8400";

    /// <summary><c>placement:</c> holds something that is not a constraint (<c>node.labels.gpu==true</c>).</summary>
    public const string BadPlacement = "PB8401";

    /// <summary><c>registry:</c> / <c>--registry</c> is not <c>host[:port][/path]</c>.</summary>
    public const string BadRegistry = "PB8402";

    /// <summary>No longer raised: every executor has a runner in this version (earlier versions refused <c>kubernetes</c> with it, exit 2). Kept so the code is never reused.</summary>
    public const string ExecutorUnavailable = "PB8403";

    /// <summary>A step that runs on this machine names an input a cluster step left in the remote cache (<c>run --no-download</c>), and it could not be restored.</summary>
    public const string RemoteOnlyInputNotRestored = "PB8541";

    /// <summary><c>run --no-download</c> where no selected step runs on a cluster executor: nothing could be left remote (exit 2).</summary>
    public const string NoDownloadWithoutCluster = "PB8542";
}
