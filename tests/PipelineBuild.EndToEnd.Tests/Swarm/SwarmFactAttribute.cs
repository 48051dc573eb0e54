namespace PipelineBuild.EndToEnd.Tests.Swarm;

/// <summary>
/// A test that needs the three-node Docker Swarm of <c>build/swarm-up.sh</c> (with its registry and WebDAV cache):
/// skipped, with the reason, when it is not up — unless <c>PIPELINEBUILD_REQUIRE_SWARM=1</c> (CI), where it fails instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SwarmFactAttribute : FactAttribute
{
    public SwarmFactAttribute()
    {
        if (!SwarmCluster.IsRequired && SwarmCluster.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
