using k8s.Models;

namespace PipelineBuild.Kubernetes.Argo;

/// <summary>A Workflow's <c>spec</c>: the entry template (the DAG), the params and what every pod shares.</summary>
public sealed record ArgoWorkflowSpec
{
    public required string Entrypoint { get; init; }

    public ArgoParameters? Arguments { get; init; }

    public required IList<ArgoTemplate> Templates { get; init; }

    public string? ServiceAccountName { get; init; }

    public IList<V1LocalObjectReference>? ImagePullSecrets { get; init; }

    public IDictionary<string, string>? NodeSelector { get; init; }

    public IList<V1Toleration>? Tolerations { get; init; }

    public IList<V1Volume>? Volumes { get; init; }
}
