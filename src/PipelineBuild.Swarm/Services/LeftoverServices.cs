using Docker.DotNet;
using Docker.DotNet.Models;
using PipelineBuild.Docker.Containers;

namespace PipelineBuild.Swarm.Services;

/// <summary>
/// Removes the job services (and their secrets) an earlier run of this workspace left on the swarm (the tool was killed),
/// and at the end of a run those of the run itself that are still there (their step's own removal failed). Safe for the same reason as for
/// containers: the run holds the workspace lock, and the services of the current run are spared until it ends.
/// </summary>
internal static class LeftoverServices
{
    public static async Task<int> RemoveAsync(DockerClient client, string workspaceRoot, string currentRunId, CancellationToken cancellationToken)
    {
        var listed = await ListAsync(client, workspaceRoot, runId: null, cancellationToken).ConfigureAwait(false);
        var removed = await RemoveAllAsync(client, NotOfRun(listed, currentRunId)).ConfigureAwait(false);
        var secrets = await JobSecrets.ListAsync(client, Labels(workspaceRoot, runId: null), cancellationToken).ConfigureAwait(false);
        await RemoveSecretsAsync(client, [.. secrets.Where(s => !IsOfRun(s.Spec?.Labels, currentRunId))]).ConfigureAwait(false);
        return removed;
    }

    /// <summary>Removes the services labelled with <paramref name="runId"/> (the run is over); how many there were.</summary>
    public static async Task<int> RemoveOfRunAsync(DockerClient client, string workspaceRoot, string runId, CancellationToken cancellationToken)
    {
        var listed = await ListAsync(client, workspaceRoot, runId, cancellationToken).ConfigureAwait(false);
        var removed = await RemoveAllAsync(client, [.. listed.Where(s => IsOfRun(s.Spec?.Labels, runId))]).ConfigureAwait(false);
        await RemoveSecretsAsync(client, await JobSecrets.ListAsync(client, Labels(workspaceRoot, runId), cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        return removed;
    }

    /// <summary>The listed services the current run did not create (one without a run label is a leftover too).</summary>
    internal static IReadOnlyList<SwarmService> NotOfRun(IEnumerable<SwarmService> listed, string currentRunId) =>
        [.. listed.Where(s => !IsOfRun(s.Spec?.Labels, currentRunId))];

    private static bool IsOfRun(IDictionary<string, string>? labels, string runId) =>
        labels?.TryGetValue(ContainerLabels.Run, out var run) == true && string.Equals(run, runId, StringComparison.Ordinal);

    private static Dictionary<string, string> Labels(string workspaceRoot, string? runId)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { [ContainerLabels.Workspace] = ContainerLabels.WorkspaceId(workspaceRoot) };
        if (runId is not null)
        {
            labels[ContainerLabels.Run] = runId;
        }

        return labels;
    }

    private static async Task<IList<SwarmService>> ListAsync(DockerClient client, string workspaceRoot, string? runId, CancellationToken cancellationToken)
    {
        var filters = new Dictionary<string, IDictionary<string, bool>>
        {
            ["label"] = Labels(workspaceRoot, runId).ToDictionary(l => $"{l.Key}={l.Value}", _ => true, StringComparer.Ordinal),
        };
        return await client.Swarm.ListServicesAsync(new ServiceListParameters { Filters = filters }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task RemoveSecretsAsync(DockerClient client, IReadOnlyList<Secret> secrets)
    {
        foreach (var secret in secrets)
        {
            await JobSecrets.RemoveAsync(client, secret.ID).ConfigureAwait(false);
        }
    }

    private static async Task<int> RemoveAllAsync(DockerClient client, IReadOnlyList<SwarmService> services)
    {
        foreach (var service in services)
        {
            await ServiceRemoval.RemoveAsync(client, service.ID).ConfigureAwait(false);
        }

        return services.Count;
    }
}
