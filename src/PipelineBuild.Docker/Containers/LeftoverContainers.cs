using Docker.DotNet;
using Docker.DotNet.Models;

namespace PipelineBuild.Docker.Containers;

/// <summary>
/// Removes the step containers an earlier run of this workspace left behind (a crash, a kill -9). Safe,
/// because a run holds the workspace lock: no other live run can own containers with this workspace's label;
/// the containers of the current run (<paramref name="currentRunId"/>) are spared, whichever of its runners asks.
/// </summary>
internal static class LeftoverContainers
{
    public static async Task<int> RemoveAsync(DockerClient client, string workspaceRoot, string currentRunId, CancellationToken cancellationToken)
    {
        var filters = new Dictionary<string, IDictionary<string, bool>>
        {
            ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Workspace}={ContainerLabels.WorkspaceId(workspaceRoot)}"] = true },
        };
        var listed = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, cancellationToken).ConfigureAwait(false);
        var leftovers = NotOfRun(listed, currentRunId);
        foreach (var container in leftovers)
        {
            await ContainerRemoval.RemoveAsync(client, container.ID).ConfigureAwait(false);
        }

        return leftovers.Count;
    }

    /// <summary>The listed containers that the current run did not start (a container without a run label is a leftover too).</summary>
    internal static IReadOnlyList<ContainerListResponse> NotOfRun(IEnumerable<ContainerListResponse> listed, string currentRunId) =>
        [.. listed.Where(c => c.Labels?.TryGetValue(ContainerLabels.Run, out var run) != true || !string.Equals(run, currentRunId, StringComparison.Ordinal))];
}
