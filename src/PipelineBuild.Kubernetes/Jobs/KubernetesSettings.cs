using k8s.Models;

namespace PipelineBuild.Kubernetes.Jobs;

/// <summary>
/// Where and how step pods run on a cluster: namespace, service account, node placement, pull secrets,
/// how long a finished Job is kept, the claim holding the workspace (export) and the Secret the steps'
/// secret variables come from.
/// </summary>
public sealed record KubernetesSettings
{
    public const int DefaultTtlSeconds = 600;

    public string Namespace { get; init; } = "default";

    public string? ServiceAccount { get; init; }

    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyList<V1Toleration> Tolerations { get; init; } = [];

    public IReadOnlyList<string> ImagePullSecrets { get; init; } = [];

    /// <summary><c>ttlSecondsAfterFinished</c>: the cluster removes a finished Job after this, should the tool not.</summary>
    public int TtlSecondsAfterFinished { get; init; } = DefaultTtlSeconds;

    /// <summary>A PersistentVolumeClaim mounted at <c>/workspace</c> in every pod, or null (the image carries what the step reads).</summary>
    public string? WorkspaceClaim { get; init; }

    /// <summary>The Secret whose keys named like a step's secret variables give their values (never written into a manifest).</summary>
    public string? SecretName { get; init; }
}
