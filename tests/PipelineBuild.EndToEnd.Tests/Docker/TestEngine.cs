using Docker.DotNet;
using Docker.DotNet.Models;
using PipelineBuild.Docker.Containers;

namespace PipelineBuild.EndToEnd.Tests.Docker;

/// <summary>The Docker engine the container tests run on, and what they ask it directly (containers left, images).</summary>
internal static class TestEngine
{
    public const string BaseImage = "local/busybox:1";

    private static readonly Lazy<string?> UnavailableReason = new(Probe);

    public static bool IsRequired => Environment.GetEnvironmentVariable("PIPELINEBUILD_REQUIRE_DOCKER") == "1";

    /// <summary>Why container tests cannot run here, or null when an engine with the base image answers.</summary>
    public static string? Unavailable => UnavailableReason.Value;

    /// <summary>The Unix socket of the engine the tests use (DOCKER_HOST when it is a unix:// address).</summary>
    public static string SocketPath =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { } host && host.StartsWith("unix://", StringComparison.Ordinal)
            ? host["unix://".Length..]
            : "/var/run/docker.sock";

    public static DockerClient Client() => new DockerClientBuilder().WithEndpoint(new Uri("unix://" + SocketPath)).Build();

    /// <summary>Fails the test with what to do when the engine is missing (only reached when it is required).</summary>
    public static void EnsureAvailable()
    {
        if (Unavailable is { } reason)
        {
            Assert.Fail($"PIPELINEBUILD_REQUIRE_DOCKER=1, but {reason}");
        }
    }

    /// <summary>The containers (running or not) that carry a workspace's label.</summary>
    public static IList<ContainerListResponse> ContainersOf(string workspaceRoot)
    {
        using var client = Client();
        var filters = new Dictionary<string, IDictionary<string, bool>>
        {
            ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Workspace}={ContainerLabels.WorkspaceId(workspaceRoot)}"] = true },
        };
        return client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }).GetAwaiter().GetResult();
    }

    public static string? ImageId(string reference)
    {
        using var client = Client();
        try
        {
            return client.Images.InspectImageAsync(reference).GetAwaiter().GetResult().ID;
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }

    private static string? Probe()
    {
        if (!File.Exists(SocketPath))
        {
            return $"no Docker engine: {SocketPath} does not exist; run 'sudo bash build/docker-up.sh' (set PIPELINEBUILD_REQUIRE_DOCKER=1 to fail instead of skipping)";
        }

        try
        {
            using var client = Client();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            client.System.PingAsync(timeout.Token).GetAwaiter().GetResult();
            client.Images.InspectImageAsync(BaseImage, timeout.Token).GetAwaiter().GetResult();
            return null;
        }
        catch (DockerImageNotFoundException)
        {
            return $"the Docker engine at {SocketPath} has no image {BaseImage}; run 'sudo bash build/docker-up.sh' to import it";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or DockerApiException or System.Net.Sockets.SocketException)
        {
            return $"no Docker engine answers at {SocketPath} ({e.Message}); run 'sudo bash build/docker-up.sh' (set PIPELINEBUILD_REQUIRE_DOCKER=1 to fail instead of skipping)";
        }
    }
}
