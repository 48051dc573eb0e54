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
}
