using Docker.DotNet;
using Docker.DotNet.Models;
using PipelineBuild.Cluster;
using PipelineBuild.EndToEnd.Tests.Docker;

namespace PipelineBuild.EndToEnd.Tests.Cluster;

/// <summary>
/// A cluster job run the way an executor runs it, on the real engine: the step's image with the agent layer
/// (<see cref="AgentImage"/>), the job's environment, host networking (as on the swarm's nodes), then removed.
/// </summary>
internal static class AgentContainer
{
    public static async Task<DerivedImage> ImageAsync(DockerClient client, string tempFolder) =>
        await new AgentImage(AgentFiles.Locate(new Dictionary<string, string>())).EnsureAsync(client, TestEngine.BaseImage, tempFolder, CancellationToken.None);

    /// <summary>
    /// Runs the job to its end: its exit code, its output (stdout and stderr) and the paths it changed in the container's filesystem.
    /// <paramref name="command"/>, <paramref name="arguments"/> and <paramref name="workingDirectory"/> override the image's (a Kubernetes Job's).
    /// </summary>
    public static async Task<(long ExitCode, string Output, IReadOnlyList<string> Changed)> RunAsync(
        DockerClient client,
        string image,
        IReadOnlyDictionary<string, string> environment,
        IList<string>? command = null,
        IList<string>? arguments = null,
        string? workingDirectory = null)
    {
        var container = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = image,
            Entrypoint = command!,
            Cmd = arguments!,
            WorkingDir = workingDirectory!,
            Env = [.. environment.Select(e => $"{e.Key}={e.Value}")],
            HostConfig = new HostConfig { NetworkMode = "host" },
        });
        try
        {
            await client.Containers.StartContainerAsync(container.ID, new ContainerStartParameters());
            var exit = await client.Containers.WaitContainerAsync(container.ID);
            using var logs = await client.Containers.GetContainerLogsAsync(container.ID, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true });
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
            var changes = await client.Containers.InspectChangesAsync(container.ID);
            return (exit.StatusCode, stdout + stderr, [.. (changes ?? []).Select(c => c.Path)]);
        }
        finally
        {
            await client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
        }
    }
}
