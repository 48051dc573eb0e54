namespace PipelineBuild.Kubernetes.Export;

/// <summary>What <c>export</c> writes.</summary>
public enum ExportFormat
{
    /// <summary>One Argo Workflow: a DAG template with one task per step.</summary>
    Argo,

    /// <summary>One <c>batch/v1</c> Job per step, in dependency order.</summary>
    Kubernetes,
}
