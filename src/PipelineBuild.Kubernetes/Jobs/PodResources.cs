using System.Globalization;
using k8s.Models;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Kubernetes.Jobs;

/// <summary>
/// A step's <c>resources:</c> as a container's requests and limits (equal, so the pod is scheduled only
/// where they fit and never exceeds them); GPUs as <c>nvidia.com/gpu</c>, which takes only a count.
/// </summary>
public static class PodResources
{
    public const string GpuResource = "nvidia.com/gpu";

    public static V1ResourceRequirements? Of(StepDefinition step)
    {
        if (step.Resources is not { } resources)
        {
            return null;
        }

        var amounts = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        if (resources.Cpus is { } cpus)
        {
            amounts["cpu"] = new ResourceQuantity(string.Create(CultureInfo.InvariantCulture, $"{(long)Math.Ceiling(cpus * 1000)}m"));
        }

        if (resources.MemoryBytes is { } memory)
        {
            amounts["memory"] = new ResourceQuantity(memory.ToString(CultureInfo.InvariantCulture));
        }

        var limits = new Dictionary<string, ResourceQuantity>(amounts, StringComparer.Ordinal);
        if (resources.Gpus is { } gpus)
        {
            if (!int.TryParse(gpus, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
            {
                throw new PipelineException(PipelineDiagnostic.Error(
                    KubernetesCodes.GpusNotCount,
                    step.Location,
                    $"step '{step.Id}' asks for resources.gpus '{gpus}', but Kubernetes can only request a number of GPUs",
                    "write a count such as 'gpus: 1'; which devices a pod gets is the cluster's device plugin's choice"));
            }

            limits[GpuResource] = new ResourceQuantity(count.ToString(CultureInfo.InvariantCulture));
        }

        return amounts.Count == 0 && limits.Count == 0 ? null : new V1ResourceRequirements
        {
            Requests = amounts.Count == 0 ? null : amounts,
            Limits = limits.Count == 0 ? null : limits,
        };
    }
}
