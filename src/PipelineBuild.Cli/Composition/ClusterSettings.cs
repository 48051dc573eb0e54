using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Docker.Engine;
using PipelineBuild.Kubernetes.Execution;
using PipelineBuild.Swarm;

namespace PipelineBuild.Cli.Composition;

/// <summary>What the cluster executors of this process are given: the swarm's manager and the registry override.</summary>
internal sealed record ClusterSettings(SwarmSettings Swarm)
{
    /// <summary>The Kubernetes context, namespace and placement (<c>run --kube-context</c>…); the registry, cache URL and environment are <see cref="Swarm"/>'s.</summary>
    public KubernetesRunSettings Kubernetes { get; init; } = new();

    /// <summary>From the command line where given, else the environment.</summary>
    /// <param name="registry"><c>--registry</c>, or null for the pipeline's <c>registry:</c>.</param>
    /// <param name="swarmHost"><c>--swarm-host</c>, or null.</param>
    /// <param name="clusterCacheUrl"><c>--cluster-cache-url</c>, or null for the URL the tool uses.</param>
    /// <param name="kubernetes">The Kubernetes options, or null for the kubeconfig's defaults.</param>
    public static ClusterSettings FromEnvironment(string? registry = null, string? swarmHost = null, string? clusterCacheUrl = null, KubernetesRunSettings? kubernetes = null)
    {
        var host = swarmHost
            ?? (Environment.GetEnvironmentVariable(SwarmSettings.HostVariable) is { Length: > 0 } variable ? variable : DockerEndpoint.Describe());
        if (!Uri.TryCreate(host, UriKind.Absolute, out var manager) || manager.Scheme is not ("unix" or "tcp" or "http" or "https" or "npipe"))
        {
            throw new PipelineException(PipelineDiagnostic.Error(
                SwarmCodes.BadHost,
                SourceLocation.None(swarmHost is null ? SwarmSettings.HostVariable : "--swarm-host"),
                $"'{host}' is not a Docker engine address",
                "write unix:///path/to/docker.sock or tcp://host:port"));
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                environment[name] = value;
            }
        }

        return new ClusterSettings(new SwarmSettings(manager, registry, clusterCacheUrl, environment)) { Kubernetes = kubernetes ?? new() };
    }
}
