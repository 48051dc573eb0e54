namespace PipelineBuild.EndToEnd.Tests;

/// <summary>
/// A test that needs Debian's docker-registry: skipped, with the reason, when it is not installed,
/// unless PIPELINEBUILD_REQUIRE_SERVICES=1 (CI), where a missing service must fail the test.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RegistryFactAttribute : FactAttribute
{
    public RegistryFactAttribute()
    {
        if (RegistryServer.BinaryPath is null && Environment.GetEnvironmentVariable("PIPELINEBUILD_REQUIRE_SERVICES") != "1")
        {
            Skip = "docker-registry is not installed: run build/registry-up.sh (Debian package docker-registry)";
        }
    }
}
