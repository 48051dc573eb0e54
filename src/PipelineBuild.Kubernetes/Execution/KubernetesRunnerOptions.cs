using PipelineBuild.Kubernetes.Api;
using PipelineBuild.Kubernetes.Jobs;

namespace PipelineBuild.Kubernetes.Execution;

/// <summary>
/// What the Kubernetes executor is made of: the API client (<see cref="KubernetesApi"/>, configured by <see cref="Config.KubernetesConnection"/>),
/// where pods run, how a step becomes a container (in the tool: <see cref="AgentContainers"/>: the agent image by
/// digest running the step packed by <see cref="Cluster.ClusterJobPackager"/>), and how often a Job is looked at (the AOT client has no watch).
/// </summary>
public sealed record KubernetesRunnerOptions(
    KubernetesApi Client,
    KubernetesSettings Settings,
    IJobContainers Containers)
{
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
}
