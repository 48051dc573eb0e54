using System.Security.Cryptography;
using k8s;
using k8s.Exceptions;
using PipelineBuild.Kubernetes.Api;
using PipelineBuild.Kubernetes.Config;
using PipelineBuild.Kubernetes.Jobs;

namespace PipelineBuild.Kubernetes.Execution;

/// <summary>
/// What <c>run --executor kubernetes</c> is told about the cluster (docs/cluster.md, "Kubernetes"): the kubeconfig context
/// (default: its current one), the namespace (default: the context's, else <c>default</c>) and where pods run.
/// </summary>
public sealed record KubernetesRunSettings
{
    public string? Context { get; init; }

    public string? Namespace { get; init; }

    public string? ServiceAccount { get; init; }

    public IReadOnlyList<string> NodeSelectors { get; init; } = [];

    public IReadOnlyList<string> Tolerations { get; init; } = [];

    public IReadOnlyList<string> PullSecrets { get; init; } = [];

    /// <summary>
    /// The executor's options: the kubeconfig found as kubectl finds it (PB8480), read with the context (PB8481), the settings
    /// checked (PB2105); all exit 2. Nothing is sent to the cluster yet.
    /// </summary>
    /// <param name="environment">The process's variables (<c>KUBECONFIG</c>, <c>HOME</c>, <c>KUBERNETES_SERVICE_HOST</c>).</param>
    public KubernetesRunnerOptions Connect(IJobContainers containers, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var home = environment.TryGetValue("HOME", out var variable) && variable.Length > 0 ? variable : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var choice = KubeconfigLocator.Locate(environment, home.Length > 0 ? home : null, File.Exists);
        var configuration = KubernetesConnection.Configure(choice, Context);
        var settings = KubernetesSettingsReader.Read(Namespace ?? configuration.Namespace, ServiceAccount, NodeSelectors, Tolerations, PullSecrets, ttlSeconds: null, workspaceClaim: null, secretName: null);
        return new KubernetesRunnerOptions(ConnectApi(choice, configuration), settings, containers);
    }

    /// <summary>The API client; a client certificate or key that cannot be read (bad data, a missing file) is the kubeconfig's fault (PB8481).</summary>
    private KubernetesApi ConnectApi(KubeconfigChoice choice, KubernetesClientConfiguration configuration)
    {
        try
        {
            return KubernetesApi.Connect(configuration);
        }
        catch (Exception e) when (e is KubeConfigException or CryptographicException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw KubernetesConnection.Unusable(choice, Context, e);
        }
    }
}
