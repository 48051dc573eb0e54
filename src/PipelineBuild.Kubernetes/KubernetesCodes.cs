namespace PipelineBuild.Kubernetes;

/// <summary>The stable codes of the Kubernetes executor and of <c>export</c>; indexed in docs/error-codes.md.</summary>
public static class KubernetesCodes
{
    /// <summary><c>export</c>: a selected step is not a container step (host, .NET task, notebook).</summary>
    public const string ExportStepNotContainer = "PB2100";

    /// <summary>A step's image is built from the repository and no pushed reference was given for it.</summary>
    public const string ImageNotPushed = "PB2101";

    /// <summary><c>--image</c> is not <c>NAME=REFERENCE</c> or names no image of the pipeline.</summary>
    public const string BadImageOverride = "PB2102";

    /// <summary><c>resources.gpus</c> is not a count, which is all Kubernetes can request.</summary>
    public const string GpusNotCount = "PB2103";

    /// <summary>Two params map to the same Argo parameter name.</summary>
    public const string ParamNameClash = "PB2104";

    /// <summary>A Kubernetes setting (namespace, service account, node selector, toleration, pull secret) is not valid.</summary>
    public const string BadSetting = "PB2105";

    /// <summary><c>export --format argo</c>: a command, env value or param holds <c>{{</c>, which Argo would substitute.</summary>
    public const string ArgoTemplateSyntax = "PB2106";

    /// <summary>No kubeconfig was found and the tool is not inside a cluster.</summary>
    public const string NoKubeconfig = "PB8480";

    /// <summary>The kubeconfig cannot be read: bad YAML, unknown context, missing cluster or user.</summary>
    public const string BadKubeconfig = "PB8481";

    /// <summary>The Kubernetes API server cannot be reached or answers with a server error.</summary>
    public const string ApiUnavailable = "PB8482";

    /// <summary>The API server refused the Job (forbidden, invalid, quota).</summary>
    public const string JobRefused = "PB8483";

    /// <summary>The step's pod cannot start: its image cannot be pulled, or it was never scheduled.</summary>
    public const string PodNotStarted = "PB8484";

    /// <summary>warning: Jobs left by an earlier run could not be removed.</summary>
    public const string LeftoversNotRemoved = "PB8485";

    /// <summary>No remote cache for a step that must run on Kubernetes: its inputs and outputs travel through it (exit 2).</summary>
    public const string NoRemoteCache = "PB8500";

    /// <summary>No <c>registry:</c> / <c>--registry</c> for a step that runs on Kubernetes: its image is pushed there (exit 2).</summary>
    public const string NoRegistry = "PB8501";
}
