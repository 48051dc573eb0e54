using k8s;
using PipelineBuild.Core.Execution;
using PipelineBuild.Kubernetes.Jobs;

namespace PipelineBuild.Kubernetes.Execution;

/// <summary>
/// What the Kubernetes executor is made of: the API client (from <see cref="Config.KubernetesConnection"/>),
/// where pods run, how a step becomes a container (in the tool: <see cref="Cluster.ClusterJobPackager"/> and the
/// agent image, <see cref="ClusterContainer.OfAgent"/>), and how often a Job is looked at (the AOT client has no watch).
/// </summary>
public sealed record KubernetesRunnerOptions(
    IKubernetes Client,
    KubernetesSettings Settings,
    Func<StepExecution, CancellationToken, Task<ClusterContainer>> Containers)
{
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
}
