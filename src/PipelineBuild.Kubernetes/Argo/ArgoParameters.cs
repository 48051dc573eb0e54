namespace PipelineBuild.Kubernetes.Argo;

/// <summary>The <c>arguments</c> of a Workflow or task, or the <c>inputs</c> of a template: a list of parameters.</summary>
public sealed record ArgoParameters
{
    public required IList<ArgoParameter> Parameters { get; init; }
}
