namespace PipelineBuild.EndToEnd.Tests;

/// <summary>
/// A test that needs Debian's docker-registry (and htpasswd, for its password file): skipped, with the reason, when it is not installed,
/// unless PIPELINEBUILD_REQUIRE_SERVICES=1 (CI), where a missing service must fail the test.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RegistryFactAttribute : FactAttribute
{
    public RegistryFactAttribute()
    {
        if ((RegistryServer.BinaryPath is null || RegistryServer.HtpasswdPath is null) && Environment.GetEnvironmentVariable("PIPELINEBUILD_REQUIRE_SERVICES") != "1")
        {
            Skip = "docker-registry or htpasswd is not installed: run build/registry-up.sh (Debian packages docker-registry, apache2-utils)";
        }
    }
}
