using k8s.Models;

namespace PipelineBuild.Kubernetes.Argo;

/// <summary>A Workflow template: the DAG (the entrypoint) or one step's container.</summary>
public sealed record ArgoTemplate
{
    public required string Name { get; init; }

    public ArgoParameters? Inputs { get; init; }

    public ArgoDagTemplate? Dag { get; init; }

    public V1Container? Container { get; init; }

    public ArgoRetryStrategy? RetryStrategy { get; init; }

    public IntOrString? ActiveDeadlineSeconds { get; init; }
}
