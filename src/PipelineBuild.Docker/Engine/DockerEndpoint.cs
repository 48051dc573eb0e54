using Docker.DotNet;

namespace PipelineBuild.Docker.Engine;

/// <summary>Which engine the tool talks to, resolved as the docker CLI does: DOCKER_HOST, then the current context, then the local socket.</summary>
public static class DockerEndpoint
{
    public const string DefaultSocket = "unix:///var/run/docker.sock";

    /// <summary>The endpoint for messages ("cannot reach the engine at ...").</summary>
    public static string Describe()
    {
        if (Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host)
        {
            return host;
        }

        try
        {
            return new DockerConfig().GetEndpoint()?.ToString() ?? DefaultSocket;
        }
        catch (Exception e) when (e is IOException or DockerConfigurationException or InvalidOperationException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return DefaultSocket;
        }
    }
}
