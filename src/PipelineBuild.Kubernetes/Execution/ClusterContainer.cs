using PipelineBuild.Cluster;
using PipelineBuild.Kubernetes.Jobs;

namespace PipelineBuild.Kubernetes.Execution;

/// <summary>
/// What one attempt of a step runs on the cluster, and the secret values its pod gets through a Secret
/// created for the Job alone (never in the Job's manifest).
/// </summary>
public sealed record ClusterContainer(JobContainer Container, IReadOnlyDictionary<string, string> Secrets)
{
    /// <summary>The container leaves the step's outputs in the remote cache (the agent uploads them), for the tool to restore.</summary>
    public bool OutputsInRemoteCache { get; init; }

    /// <summary>The agent image (by digest) running a packed job: the cluster contract's entrypoint and variables.</summary>
    public static ClusterContainer OfAgent(PackedJob packed, string agentImage) =>
        new(
            new JobContainer(agentImage, AgentPaths.Entrypoint, [], packed.Environment, [.. packed.Secrets.Keys], AgentPaths.Workspace),
            packed.Secrets)
        {
            OutputsInRemoteCache = true,
        };
}
