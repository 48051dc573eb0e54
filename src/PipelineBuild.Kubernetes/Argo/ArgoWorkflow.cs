using k8s.Models;

namespace PipelineBuild.Kubernetes.Argo;

/// <summary>An Argo Workflows <c>Workflow</c> (argoproj.io/v1alpha1), only the fields the export writes.</summary>
public sealed record ArgoWorkflow
{
    public string ApiVersion { get; init; } = "argoproj.io/v1alpha1";

    public string Kind { get; init; } = "Workflow";

    public required V1ObjectMeta Metadata { get; init; }

    public required ArgoWorkflowSpec Spec { get; init; }
}
