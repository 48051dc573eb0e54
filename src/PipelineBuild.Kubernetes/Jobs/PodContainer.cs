using k8s.Models;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Kubernetes.Jobs;

/// <summary>The one container of a step's pod (a Job's or an Argo template's).</summary>
public static class PodContainer
{
    public const string Name = "step";
    public const string WorkspaceVolume = "workspace";
    public const string WorkspacePath = "/workspace";

    public static V1Container Create(StepDefinition step, JobContainer container, KubernetesSettings settings, IEnumerable<V1EnvVar>? extraEnvironment = null)
    {
        var env = container.Environment
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new V1EnvVar { Name = e.Key, Value = e.Value })
            .Concat(container.SecretVariables.Order(StringComparer.Ordinal).Select(name => SecretVariable(name, settings)))
            .Concat(extraEnvironment ?? [])
            .ToList();
        return new V1Container
        {
            Name = Name,
            Image = container.Image,
            Command = [.. container.Command],
            Args = container.Arguments.Count == 0 ? null : [.. container.Arguments],
            WorkingDir = container.WorkingDirectory,
            Env = env.Count == 0 ? null : env,
            Resources = PodResources.Of(step),
            VolumeMounts = settings.WorkspaceClaim is null ? null : [new V1VolumeMount { MountPath = WorkspacePath, Name = WorkspaceVolume }],
        };
    }

    /// <summary>The volumes of a step's pod: the workspace claim, when there is one.</summary>
    public static List<V1Volume>? Volumes(KubernetesSettings settings) =>
        settings.WorkspaceClaim is { } claim
            ? [new V1Volume { Name = WorkspaceVolume, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } }]
            : null;

    // A secret's value never enters a manifest: the pod reads it from the cluster's Secret. Without one
    // named, the variable is left unset so the manifest still applies and the step shows what is missing.
    private static V1EnvVar SecretVariable(string name, KubernetesSettings settings) =>
        new()
        {
            Name = name,
            ValueFrom = new V1EnvVarSource
            {
                SecretKeyRef = new V1SecretKeySelector { Key = name, Name = settings.SecretName ?? "pipelinebuild-secrets", Optional = settings.SecretName is null },
            },
        };
}
