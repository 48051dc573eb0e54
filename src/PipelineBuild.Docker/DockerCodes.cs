namespace PipelineBuild.Docker;

/// <summary>The stable PB5xxx codes of container steps; indexed in docs/error-codes.md.</summary>
public static class DockerCodes
{
    /// <summary>No Docker engine answers.</summary>
    public const string EngineUnavailable = "PB5001";

    /// <summary>An image's build context or Dockerfile does not exist.</summary>
    public const string BuildContextMissing = "PB5002";

    /// <summary>An image did not build.</summary>
    public const string BuildFailed = "PB5003";

    /// <summary>An image is not on the engine and cannot be pulled.</summary>
    public const string ImageUnavailable = "PB5004";

    /// <summary><c>resources.gpus</c> is not valid.</summary>
    public const string BadGpus = "PB5006";

    /// <summary>warning: leftover containers could not be removed.</summary>
    public const string LeftoversNotRemoved = "PB5007";
}
