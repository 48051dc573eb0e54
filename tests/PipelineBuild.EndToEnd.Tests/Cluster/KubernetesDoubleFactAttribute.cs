using PipelineBuild.EndToEnd.Tests.RemoteCache;

namespace PipelineBuild.EndToEnd.Tests.Cluster;

/// <summary>
/// A test of <c>--executor kubernetes</c> against the API double whose Jobs run on the real engine: it needs the Docker engine, the
/// nginx WebDAV cache and Debian's docker-registry; skipped with the reason when one is missing, failed in CI (REQUIRE variables).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KubernetesDoubleFactAttribute : FactAttribute
{
    public KubernetesDoubleFactAttribute()
    {
        Skip = new DockerRemoteCacheFactAttribute("nginx").Skip ?? new RegistryFactAttribute().Skip;
    }
}
