using Docker.DotNet;
using Docker.DotNet.Models;
using PipelineBuild.Docker.Containers;

namespace PipelineBuild.Swarm.Services;

/// <summary>
/// Removes the job services an earlier run of this workspace left on the swarm (the tool was killed). Safe for the same
/// reason as for containers: the run holds the workspace lock, and the services of the current run are spared.
/// </summary>
internal static class LeftoverServices
{
    public static async Task<int> RemoveAsync(DockerClient client, string workspaceRoot, string currentRunId, CancellationToken cancellationToken)
    {
        var filters = new Dictionary<string, IDictionary<string, bool>>
        {
            ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Workspace}={ContainerLabels.WorkspaceId(workspaceRoot)}"] = true },
        };
        var listed = await client.Swarm.ListServicesAsync(new ServiceListParameters { Filters = filters }, cancellationToken).ConfigureAwait(false);
        var leftovers = NotOfRun(listed, currentRunId);
        foreach (var service in leftovers)
        {
            await ServiceRemoval.RemoveAsync(client, service.ID).ConfigureAwait(false);
        }

        return leftovers.Count;
    }

    /// <summary>The listed services the current run did not create (one without a run label is a leftover too).</summary>
    internal static IReadOnlyList<SwarmService> NotOfRun(IEnumerable<SwarmService> listed, string currentRunId) =>
        [.. listed.Where(s => s.Spec?.Labels?.TryGetValue(ContainerLabels.Run, out var run) != true || !string.Equals(run, currentRunId, StringComparison.Ordinal))];
}
