namespace PipelineBuild.EndToEnd.Tests.Docker;

/// <summary>
/// A test that needs a Docker engine: skipped, with the reason, when none answers — unless
/// <c>PIPELINEBUILD_REQUIRE_DOCKER=1</c> (CI), where it runs and fails instead of skipping silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (!TestEngine.IsRequired && TestEngine.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
