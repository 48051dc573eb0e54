using k8s.Models;

namespace PipelineBuild.Kubernetes.Argo;

/// <summary>A template's <c>retryStrategy</c>: the step's <c>retries</c>.</summary>
public sealed record ArgoRetryStrategy
{
    public required IntOrString Limit { get; init; }
}
