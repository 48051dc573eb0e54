namespace PipelineBuild.Swarm;

/// <summary>
/// Where the swarm executor sends jobs and images (docs/cluster.md, "Docker Swarm").
/// </summary>
/// <param name="Manager">The manager's engine API: <c>--swarm-host</c>, else <c>PIPELINEBUILD_SWARM_HOST</c>, else the engine the docker CLI would use.</param>
/// <param name="Registry"><c>--registry</c>, else the pipeline's <c>registry:</c>; null when neither is set.</param>
/// <param name="ClusterCacheUrl"><c>--cluster-cache-url</c>: the remote cache's URL as the nodes see it; null when it is the one the tool uses.</param>
/// <param name="Environment">The tool's environment: registry credentials (<c>PIPELINEBUILD_REGISTRY_USERNAME</c>…, the docker login), the remote cache's credentials for jobs, <c>PIPELINEBUILD_AGENT</c>.</param>
public sealed record SwarmSettings(Uri Manager, string? Registry, string? ClusterCacheUrl, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The variable naming the manager when <c>--swarm-host</c> is not given.</summary>
    public const string HostVariable = "PIPELINEBUILD_SWARM_HOST";
}
