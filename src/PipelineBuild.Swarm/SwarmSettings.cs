namespace PipelineBuild.Swarm;

/// <summary>
/// Where the swarm executor sends jobs and images (docs/cluster.md, "Docker Swarm").
/// </summary>
/// <param name="Manager">The manager's engine API: <c>--swarm-host</c>, else <c>PIPELINEBUILD_SWARM_HOST</c>, else the engine the docker CLI would use.</param>
/// <param name="Registry"><c>--registry</c>, else the pipeline's <c>registry:</c>; null when neither is set.</param>
/// <param name="Environment">The tool's environment: registry credentials (<c>PIPELINEBUILD_REGISTRY_USERNAME</c>…, the docker login).</param>
public sealed record SwarmSettings(Uri Manager, string? Registry, Func<string, string?> Environment)
{
    /// <summary>The variable naming the manager when <c>--swarm-host</c> is not given.</summary>
    public const string HostVariable = "PIPELINEBUILD_SWARM_HOST";
}
