using System.Globalization;
using Docker.DotNet.Models;
using PipelineBuild.Cluster;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Docker.Containers;

namespace PipelineBuild.Swarm.Services;

/// <summary>
/// The swarm service of one step attempt (docs/cluster.md, "Docker Swarm"): a <c>replicated-job</c> of one task that is never
/// restarted (the tool owns retries), on the node's own network (the job reaches the registry and the remote cache from
/// there), its resources as reservations and limits, GPUs as generic resources, the step's <c>placement:</c> as constraints.
/// </summary>
public static class JobService
{
    /// <summary>The generic resource kind <c>resources.gpus</c> reserves, as nodes advertise it (<c>node-generic-resources</c>).</summary>
    public const string GpuResourceKind = "NVIDIA-GPU";

    /// <summary>The network tasks attach to: the node's, as <c>docker service create --network host</c>.</summary>
    public const string HostNetwork = "host";

    /// <param name="request">The attempt.</param>
    /// <param name="registryAuth">What the nodes pull the image with.</param>
    /// <param name="secretId">The attempt's Swarm secret (<see cref="JobSecrets"/>), mounted as <see cref="JobSecrets.FilePath"/>; null when it has none.</param>
    public static ServiceCreateParameters Create(JobRequest request, AuthConfig registryAuth, string? secretId = null)
    {
        var step = request.Step;
        var environment = new Dictionary<string, string>(request.Environment, StringComparer.Ordinal);
        if (secretId is not null)
        {
            environment[ClusterEnvironment.SecretsFile] = JobSecrets.FilePath;
        }

        return new ServiceCreateParameters
        {
            Service = new ServiceSpec
            {
                Name = request.ServiceName,
                Labels = new Dictionary<string, string>(request.Labels, StringComparer.Ordinal),
                Mode = new ServiceMode { ReplicatedJob = new ReplicatedJob { MaxConcurrent = 1, TotalCompletions = 1 } },
                TaskTemplate = new TaskSpec
                {
                    ContainerSpec = new ContainerSpec
                    {
                        Image = request.Image,
                        Command = request.Command?.ToList(),
                        Env = [.. environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}")],
                        Dir = StepContainer.WorkspaceMount,
                        Labels = new Dictionary<string, string>(request.Labels, StringComparer.Ordinal),
                        Init = true,
                        Secrets = secretId is null ? null : [JobSecrets.Reference(secretId, request.ServiceName)],
                    },
                    RestartPolicy = new SwarmRestartPolicy { Condition = "none", MaxAttempts = 0 },
                    Networks = [new NetworkAttachmentConfig { Target = HostNetwork }],
                    Resources = ResourcesOf(step) ?? new ResourceRequirements(),
                    Placement = new Placement { Constraints = [.. step.Placement], MaxReplicas = 1 },
                },
            },
            RegistryAuth = registryAuth,
        };
    }

    /// <summary><c>resources:</c> as both the reservation (the scheduler picks a node that has them) and the limit (the container gets no more).</summary>
    public static ResourceRequirements? ResourcesOf(StepDefinition step)
    {
        if (step.Resources is not { } resources)
        {
            return null;
        }

        var nanoCpus = resources.Cpus is { } cpus ? (long)Math.Round(cpus * 1_000_000_000d) : (long?)null;
        return new ResourceRequirements
        {
            Limits = new SwarmLimit { NanoCPUs = nanoCpus, MemoryBytes = resources.MemoryBytes },
            Reservations = new SwarmResources
            {
                NanoCPUs = nanoCpus,
                MemoryBytes = resources.MemoryBytes,
                GenericResources = resources.Gpus is { } gpus ? GpuReservation(gpus, step) : null,
            },
        };
    }

    /// <summary>A count (<c>2</c>) reserves that many; <c>device=0,1</c> those devices; <c>all</c> has no swarm equivalent.</summary>
    public static IList<GenericResource> GpuReservation(string gpus, StepDefinition step)
    {
        var text = gpus.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
        {
            return [new GenericResource { DiscreteResourceSpec = new DiscreteGenericResource { Kind = GpuResourceKind, Value = count } }];
        }

        if (text.StartsWith("device=", StringComparison.Ordinal))
        {
            return [.. text["device=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(id => new GenericResource { NamedResourceSpec = new NamedGenericResource { Kind = GpuResourceKind, Value = id } })];
        }

        throw new PipelineException(PipelineDiagnostic.Error(
            SwarmCodes.BadGpus,
            step.Location,
            $"resources.gpus '{gpus}' of step '{step.Id}' cannot be reserved on a swarm",
            $"give a count such as 1, or 'device=<id>,…' as the nodes advertise them ({GpuResourceKind} generic resources); 'all' has no swarm equivalent"));
    }
}
