using k8s.Models;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Kubernetes.Jobs;

/// <summary>
/// One <c>batch/v1</c> Job for one attempt of a step: never restarted by Kubernetes (<c>backoffLimit: 0</c>,
/// <c>restartPolicy: Never</c>: the tool owns retries), stopped at the step's timeout, removed by the cluster
/// after <c>ttlSecondsAfterFinished</c> should the tool not remove it, labelled so the tool finds its own.
/// </summary>
public static class KubernetesJobBuilder
{
    public static V1Job Build(string name, StepDefinition step, JobContainer container, KubernetesSettings settings, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var allAnnotations = new Dictionary<string, string>(annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [JobLabels.StepIdAnnotation] = step.Id,
        };
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = settings.Namespace,
                Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
                Annotations = allAnnotations,
            },
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,
                TtlSecondsAfterFinished = settings.TtlSecondsAfterFinished,
                ActiveDeadlineSeconds = step.Timeout is { } timeout ? (long)Math.Ceiling(timeout.TotalSeconds) : null,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
                        Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [JobLabels.StepIdAnnotation] = step.Id },
                    },
                    Spec = PodSpec(step, container, settings),
                },
            },
        };
    }

    private static V1PodSpec PodSpec(StepDefinition step, JobContainer container, KubernetesSettings settings) => new()
    {
        RestartPolicy = "Never",
        ServiceAccountName = settings.ServiceAccount,
        NodeSelector = settings.NodeSelector.Count == 0 ? null : new Dictionary<string, string>(settings.NodeSelector, StringComparer.Ordinal),
        Tolerations = settings.Tolerations.Count == 0 ? null : [.. settings.Tolerations],
        ImagePullSecrets = settings.ImagePullSecrets.Count == 0 ? null : settings.ImagePullSecrets.Select(s => new V1LocalObjectReference { Name = s }).ToList(),
        Containers = [PodContainer.Create(step, container, settings)],
        Volumes = PodContainer.Volumes(settings),
    };
}
