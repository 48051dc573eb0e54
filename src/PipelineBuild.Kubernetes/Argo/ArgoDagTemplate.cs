namespace PipelineBuild.Kubernetes.Argo;

/// <summary>A template's <c>dag</c>: one task per step.</summary>
public sealed record ArgoDagTemplate
{
    public required IList<ArgoDagTask> Tasks { get; init; }
}
