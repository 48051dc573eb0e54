using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace PipelineBuild.Docker.Containers;

/// <summary>Stops and removes a step's container whatever happened to the step; never cancelled itself.</summary>
internal static class ContainerRemoval
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>SIGTERM, then SIGKILL after <paramref name="graceSeconds"/>, as <c>docker stop</c> does.</summary>
    public static async Task StopAsync(DockerClient client, string id, uint graceSeconds)
    {
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await client.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = graceSeconds }, limit.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            // Removal below forces it.
        }
    }

    public static async Task RemoveAsync(DockerClient client, string id)
    {
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, limit.Token).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Already gone, or already being removed.
        }
    }
}
