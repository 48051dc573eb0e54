namespace PipelineBuild.Kubernetes.Argo;

/// <summary>One parameter: its name and (in arguments) its value, always a string in Argo.</summary>
public sealed record ArgoParameter
{
    public required string Name { get; init; }

    public string? Value { get; init; }
}
