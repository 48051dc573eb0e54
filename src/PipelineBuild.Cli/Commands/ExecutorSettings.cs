using System.CommandLine;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Kubernetes.Execution;
using PipelineBuild.Swarm;

namespace PipelineBuild.Cli.Commands;

/// <summary>
/// Where container steps run (docs/cluster.md): <c>--executor</c> over the pipeline's <c>executor:</c>; <c>--registry</c> over its
/// <c>registry:</c>; <c>--swarm-host</c> over <c>PIPELINEBUILD_SWARM_HOST</c> over the engine the docker CLI would use; the
/// Kubernetes context, namespace and placement.
/// </summary>
internal sealed class ExecutorSettings
{
    public Option<string?> Executor { get; } = Create("--executor", "Where container steps run: local (this machine's Docker engine), swarm (one job service per step on --swarm-host's swarm) or kubernetes (one Job per step on the kubeconfig's cluster); over the pipeline's 'executor:'");

    public Option<string?> Registry { get; } = new("--registry") { Description = "Where a cluster executor pushes the steps' images: host[:port][/path]; over the pipeline's 'registry:'" };

    public Option<string?> SwarmHost { get; } = new("--swarm-host") { Description = $"The swarm manager's engine API (unix:///path or tcp://host:port); default {SwarmSettings.HostVariable}, else the engine the docker CLI uses" };

    public Option<string?> ClusterCacheUrl { get; } = new("--cluster-cache-url") { Description = "The remote cache's URL as the cluster's nodes reach it, when it differs from --cache-url" };

    public Option<string?> KubeContext { get; } = new("--kube-context") { Description = "The kubeconfig context of --executor kubernetes (default: its current context)" };

    public Option<string?> Namespace { get; } = new("--namespace") { Description = "The namespace of --executor kubernetes' Jobs (default: the context's, else default)" };

    public Option<string?> ServiceAccount { get; } = new("--service-account") { Description = "The service account the Kubernetes pods run as" };

    public Option<string[]> NodeSelectors { get; } = new("--node-selector") { Description = "A node label the Kubernetes pods require: KEY=VALUE (repeatable)" };

    public Option<string[]> Tolerations { get; } = new("--toleration") { Description = "A taint the Kubernetes pods tolerate: KEY=VALUE:EFFECT or KEY:EFFECT (repeatable)" };

    public Option<string[]> PullSecrets { get; } = new("--image-pull-secret") { Description = "A Secret the Kubernetes pods pull their image with (repeatable)" };

    public IEnumerable<Option> All => [Executor, Registry, SwarmHost, ClusterCacheUrl, KubeContext, Namespace, ServiceAccount, NodeSelectors, Tolerations, PullSecrets];

    /// <summary>The run's override of the pipeline's <c>executor:</c>, or null.</summary>
    public Core.Model.Executor? ExecutorOf(ParseResult parse) =>
        parse.GetValue(Executor) is { } name ? Executors.TryParse(name) : null;

    /// <summary>The cluster executors' settings for this run; PB8402 or PB8418 (exit 2) for a bad address.</summary>
    public ClusterSettings Resolve(ParseResult parse)
    {
        var registry = parse.GetValue(Registry);
        if (registry is not null && !RegistryAddress.IsValid(registry))
        {
            throw new PipelineException(PipelineDiagnostic.Error(ExecutorCodes.BadRegistry, SourceLocation.None("--registry"), $"'{registry}' is not a registry address", RegistryAddress.Hint));
        }

        var kubernetes = new KubernetesRunSettings
        {
            Context = parse.GetValue(KubeContext),
            Namespace = parse.GetValue(Namespace),
            ServiceAccount = parse.GetValue(ServiceAccount),
            NodeSelectors = parse.GetValue(NodeSelectors) ?? [],
            Tolerations = parse.GetValue(Tolerations) ?? [],
            PullSecrets = parse.GetValue(PullSecrets) ?? [],
        };
        return ClusterSettings.FromEnvironment(registry?.TrimEnd('/'), parse.GetValue(SwarmHost), parse.GetValue(ClusterCacheUrl), kubernetes);
    }

    private static Option<string?> Create(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description };
        option.AcceptOnlyFromAmong([.. Executors.Names]);
        return option;
    }
}
