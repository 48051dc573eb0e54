namespace PipelineBuild.Kubernetes.Argo;

/// <summary>A DAG task: the step's template, the tasks it waits for, and the params it is given.</summary>
public sealed record ArgoDagTask
{
    public required string Name { get; init; }

    public required string Template { get; init; }

    public IList<string>? Dependencies { get; init; }

    public ArgoParameters? Arguments { get; init; }
}
