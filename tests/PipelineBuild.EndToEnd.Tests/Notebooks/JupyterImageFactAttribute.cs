using PipelineBuild.EndToEnd.Tests.Docker;

namespace PipelineBuild.EndToEnd.Tests.Notebooks;

/// <summary>
/// A test that runs notebooks in a container: it needs a Docker engine with <see cref="Image"/> (made by
/// <c>build/jupyter-image.sh</c>). Skipped with the reason when either is missing, unless
/// <c>PIPELINEBUILD_REQUIRE_DOCKER=1</c> (CI), where it runs and fails instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class JupyterImageFactAttribute : FactAttribute
{
    /// <summary>Debian 12 with python3-ipykernel and jupyter-nbconvert.</summary>
    public const string Image = "local/jupyter:1";

    public JupyterImageFactAttribute()
    {
        if (!TestEngine.IsRequired && Unavailable() is { } reason)
        {
            Skip = reason;
        }
    }

    /// <summary>Why the test cannot run here, or null.</summary>
    public static string? Unavailable() =>
        TestEngine.Unavailable
        ?? (TestEngine.ImageId(Image) is null ? $"the Docker engine has no image {Image}; run 'bash build/jupyter-image.sh' (set PIPELINEBUILD_REQUIRE_DOCKER=1 to fail instead of skipping)" : null);
}
