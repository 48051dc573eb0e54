namespace PipelineBuild.Swarm;

/// <summary>The stable codes of the Docker Swarm executor; indexed in docs/error-codes.md.</summary>
public static class SwarmCodes
{
    /// <summary>No swarm manager answers at the endpoint (exit 3).</summary>
    public const string ManagerUnavailable = "PB8410";

    /// <summary>The engine answers but is not a swarm manager (exit 3).</summary>
    public const string NotAManager = "PB8411";

    /// <summary>No <c>registry:</c> / <c>--registry</c> for a step that must run on the swarm (exit 2).</summary>
    public const string NoRegistry = "PB8412";

    /// <summary>The registry cannot be reached (exit 3) or refused the image (exit 1).</summary>
    public const string PushFailed = Cluster.ClusterCodes.PushFailed;

    /// <summary>No node satisfies the step's placement and resources: the job waited, unscheduled.</summary>
    public const string Unschedulable = "PB8414";

    /// <summary>warning: services left by an earlier run (or this run's own, at its end) could not be removed.</summary>
    public const string LeftoversNotRemoved = "PB8415";

    /// <summary>No remote cache for a step that must run on the swarm (exit 2).</summary>
    public const string NoRemoteCache = "PB8416";

    /// <summary><c>resources.gpus: all</c>, or a value a swarm cannot reserve (exit 1).</summary>
    public const string BadGpus = "PB8417";

    /// <summary><c>--swarm-host</c> / <c>PIPELINEBUILD_SWARM_HOST</c> is not an engine address (exit 2).</summary>
    public const string BadHost = "PB8418";
}
