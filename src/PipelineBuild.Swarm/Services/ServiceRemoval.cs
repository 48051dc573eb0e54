using System.Net;
using Docker.DotNet;

namespace PipelineBuild.Swarm.Services;

/// <summary>Removes a job's service (its task's container goes with it) whatever happened to the step; never cancelled itself.</summary>
internal static class ServiceRemoval
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    public static async Task RemoveAsync(DockerClient client, string serviceId)
    {
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await client.Swarm.RemoveServiceAsync(serviceId, limit.Token).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }
}
