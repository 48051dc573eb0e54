using PipelineBuild.EndToEnd.Tests.Docker;

namespace PipelineBuild.EndToEnd.Tests.RemoteCache;

/// <summary>
/// A test that needs both a Docker engine and a remote-cache server: skipped, with the reason, when either
/// is missing, unless CI requires them (PIPELINEBUILD_REQUIRE_DOCKER / PIPELINEBUILD_REQUIRE_REMOTE_CACHE).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DockerRemoteCacheFactAttribute : FactAttribute
{
    public DockerRemoteCacheFactAttribute(string binary)
    {
        Skip = new RemoteCacheFactAttribute(binary).Skip ?? new DockerFactAttribute().Skip;
    }
}
