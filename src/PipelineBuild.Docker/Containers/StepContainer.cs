using System.Globalization;
using Docker.DotNet.Models;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Docker.Containers;

/// <summary>
/// The container a step runs in (docs/pipeline-format.md, "Containers"): its command under <c>sh -e -c</c> (or its <see cref="StepShell"/>) as the
/// invoking user, the workspace mounted at <c>/workspace</c> as the working directory, only the
/// pipeline's and the step's env (a container does not inherit the host's), its network and resources.
/// </summary>
public static class StepContainer
{
    public const string WorkspaceMount = "/workspace";

    public static CreateContainerParameters Create(StepDefinition step, string imageId, string workspaceRoot, string runId, string pipeline, string user)
    {
        var shell = StepShell.Of(step);
        var env = new SortedDictionary<string, string>(step.Env.ToDictionary(), StringComparer.Ordinal);
        foreach (var name in step.Secrets.Names)
        {
            // The command references a secret by name ("${TOKEN}"): the container must have the variable.
            env.TryAdd(name, step.Secrets.ValueOf(name) ?? string.Empty);
        }

        if (user.Length > 0 && !user.StartsWith("0:", StringComparison.Ordinal))
        {
            // An image rarely has a passwd entry for the caller's uid, which leaves HOME at "/", not writable.
            env.TryAdd("HOME", "/tmp");
        }

        return new CreateContainerParameters
        {
            Image = imageId,
            Entrypoint = [shell.Program, .. shell.Arguments],
            Cmd = [step.Command ?? ""],
            WorkingDir = WorkspaceMount,
            User = user,
            Env = env.Select(e => $"{e.Key}={e.Value}").ToList(),
            Labels = new Dictionary<string, string>
            {
                [ContainerLabels.Workspace] = ContainerLabels.WorkspaceId(workspaceRoot),
                [ContainerLabels.Run] = runId,
                [ContainerLabels.Step] = step.Id,
                [ContainerLabels.Pipeline] = pipeline,
            },
            AttachStdout = true,
            AttachStderr = true,
            HostConfig = HostConfigOf(step, workspaceRoot),
        };
    }

    private static HostConfig HostConfigOf(StepDefinition step, string workspaceRoot)
    {
        var host = new HostConfig
        {
            Binds = [$"{Path.GetFullPath(workspaceRoot)}:{WorkspaceMount}"],
            NetworkMode = step.Network ?? "bridge",
            Init = true,
        };
        if (step.Resources is { } resources)
        {
            if (resources.Cpus is { } cpus)
            {
                host.NanoCPUs = (long)Math.Round(cpus * 1_000_000_000d);
            }

            if (resources.MemoryBytes is { } memory)
            {
                host.Memory = memory;
                host.MemorySwap = memory;
            }

            if (resources.Gpus is { } gpus)
            {
                host.DeviceRequests = [GpuRequest(gpus, step)];
            }
        }

        return host;
    }

    /// <summary><c>gpus: all</c>, a count (<c>2</c>) or device ids (<c>device=0,1</c>), as <c>docker run --gpus</c> takes them.</summary>
    public static DeviceRequest GpuRequest(string gpus, StepDefinition step)
    {
        var request = new DeviceRequest { Capabilities = [["gpu"]] };
        var text = gpus.Trim();
        if (text == "all")
        {
            request.Count = -1;
        }
        else if (text.StartsWith("device=", StringComparison.Ordinal))
        {
            request.DeviceIDs = text["device=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        else if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
        {
            request.Count = count;
        }
        else
        {
            throw new PipelineException(PipelineDiagnostic.Error(DockerCodes.BadGpus, step.Location, $"resources.gpus '{gpus}' of step '{step.Id}' is not valid", "use 'all', a count such as 2, or 'device=0,1'"));
        }

        return request;
    }
}
