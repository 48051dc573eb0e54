using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Kubernetes.Config;

/// <summary>The client configuration of a <see cref="KubeconfigChoice"/>: the files merged, then the context chosen (or the current one).</summary>
public static class KubernetesConnection
{
    public static KubernetesClientConfiguration Configure(KubeconfigChoice choice, string? context)
    {
        try
        {
            if (choice.InCluster)
            {
                return KubernetesClientConfiguration.InClusterConfig();
            }

            var merged = Merge([.. choice.Files.Select(f => KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(f), useRelativePaths: true))]);
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(merged, context);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or ArgumentException or InvalidOperationException or NullReferenceException)
        {
            // The client reports a context without its cluster as a NullReferenceException: any of these
            // is the file's fault, not the tool's.
            throw Unusable(choice, context, e);
        }
    }

    /// <summary>
    /// PB8481, exit 2: the kubeconfig (or the files it names: a client certificate, its key) cannot be used, named with the
    /// files it came from; for what the configuration read (<see cref="Configure"/>) or a connection made from it refuses.
    /// </summary>
    public static PipelineException Unusable(KubeconfigChoice choice, string? context, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(choice);
        ArgumentNullException.ThrowIfNull(cause);
        return new PipelineException(
            PipelineDiagnostic.Error(
                KubernetesCodes.BadKubeconfig,
                SourceLocation.None(choice.InCluster ? KubeconfigLocator.ServiceAccountToken : string.Join(Path.PathSeparator, choice.Files)),
                $"the kubeconfig cannot be used{(context is null ? "" : $" with context '{context}'")}: {cause.Message}",
                "kubectl config get-contexts lists the contexts; kubectl config view shows what was merged"),
            ExitCodes.InvalidInput,
            cause);
    }

    /// <summary>
    /// kubectl's merge of several files (the client's own is not public in its AOT build): the first file to
    /// name a cluster, user or context, or to set the current context, wins.
    /// </summary>
    public static K8SConfiguration Merge(IReadOnlyList<K8SConfiguration> files)
    {
        var merged = new K8SConfiguration
        {
            ApiVersion = "v1",
            Kind = "Config",
            FileName = files.Count > 0 ? files[0].FileName : null,
            CurrentContext = files.Select(f => f.CurrentContext).FirstOrDefault(c => !string.IsNullOrEmpty(c)),
            Clusters = First(files.SelectMany(f => f.Clusters ?? []), c => c.Name),
            Users = First(files.SelectMany(f => f.Users ?? []), u => u.Name),
            Contexts = First(files.SelectMany(f => f.Contexts ?? []), c => c.Name),
        };
        return merged;
    }

    private static List<T> First<T>(IEnumerable<T> items, Func<T, string> name) =>
        [.. items.DistinctBy(name, StringComparer.Ordinal)];
}
