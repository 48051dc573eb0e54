using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Kubernetes.Config;

/// <summary>
/// Finds the kubeconfig the way kubectl does: the <c>KUBECONFIG</c> list (entries that do not exist are
/// skipped; empty means unset), else <c>~/.kube/config</c>, else, inside a pod
/// (<c>KUBERNETES_SERVICE_HOST</c>/<c>_PORT</c> set and the service-account token mounted), the pod's
/// service account. Nothing found: PB8480.
/// </summary>
public static class KubeconfigLocator
{
    public const string Variable = "KUBECONFIG";
    public const string ServiceHostVariable = "KUBERNETES_SERVICE_HOST";
    public const string ServicePortVariable = "KUBERNETES_SERVICE_PORT";
    public const string ServiceAccountToken = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    /// <param name="environment">The process's variables.</param>
    /// <param name="home">The user's home folder, or null.</param>
    /// <param name="exists">Whether a file exists (the real file system outside tests).</param>
    public static KubeconfigChoice Locate(IReadOnlyDictionary<string, string> environment, string? home, Func<string, bool> exists)
    {
        if (environment.TryGetValue(Variable, out var list) && list.Length > 0)
        {
            var files = list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Distinct(StringComparer.Ordinal)
                .Where(exists)
                .ToList();
            if (files.Count > 0)
            {
                return new KubeconfigChoice(files, InCluster: false);
            }
        }
        else if (home is not null && Path.Combine(home, ".kube", "config") is var user && exists(user))
        {
            return new KubeconfigChoice([user], InCluster: false);
        }

        if (environment.ContainsKey(ServiceHostVariable) && environment.ContainsKey(ServicePortVariable) && exists(ServiceAccountToken))
        {
            return new KubeconfigChoice([], InCluster: true);
        }

        throw new PipelineException(PipelineDiagnostic.Error(
            KubernetesCodes.NoKubeconfig,
            SourceLocation.None(Variable),
            list is { Length: > 0 } ? $"no file of KUBECONFIG ({list}) exists, and the tool is not running in a pod" : "no ~/.kube/config, no KUBECONFIG, and the tool is not running in a pod",
            "point KUBECONFIG at the cluster's kubeconfig (kubectl config view --raw > file), or create ~/.kube/config"));
    }
}
