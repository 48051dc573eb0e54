using PipelineBuild.Cli.Ci;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Model;
using PipelineBuild.Docker;
using PipelineBuild.Docker.Engine;
using PipelineBuild.Kubernetes.Execution;
using PipelineBuild.Notebooks;
using PipelineBuild.Swarm;
using PipelineBuild.TaskRunner;
using PipelineBuild.TaskRunner.Kept;

namespace PipelineBuild.Cli.Composition;

/// <summary>The runners this build of the tool has.</summary>
internal static class StepRunners
{
    /// <summary>PB1007 (exit 2) where <c>PIPELINEBUILD_PROCESS_LAUNCHER</c> or <c>PIPELINEBUILD_TASK_HOSTS</c> has a value it does not accept.</summary>
    /// <param name="cluster">The cluster executors' settings (<c>run --swarm-host</c>, <c>--registry</c>); from the environment when null.</param>
    public static IReadOnlyList<IStepRunner> Create(ClusterSettings? cluster = null)
    {
        var launch = ProcessLaunchSetting.From(Environment.GetEnvironmentVariable);
        var engine = new DockerEngine();
        var containers = new DockerStepRunner(engine);
        return
        [
            new HostStepRunner(launch), containers, new DotNetTaskRunner(DotNetHost.Locate(), static line => Console.Error.WriteLine(line), launch, TaskHostLifetimeIn(CiEnvironment.FromProcess())),
            new NotebookStepRunner(new NotebookDriver(static () => JupyterPython.Locate(Environment.GetEnvironmentVariable), launch), containers),
            .. ClusterRunners(cluster ?? ClusterSettings.FromEnvironment(), engine, containers),
        ];
    }

    /// <summary>How long task hosts live (<c>PIPELINEBUILD_TASK_HOSTS</c>); by default per run in a CI job, as <see cref="CiProviders.InCi"/> detects it.</summary>
    internal static TaskHostLifetime TaskHostLifetimeIn(CiEnvironment environment) =>
        TaskHostLifetime.From(name => environment[name], CiProviders.InCi(environment));

    /// <summary>
    /// The runner of each cluster executor: the one place that says which runner takes a container step whose
    /// <c>executor:</c> is not local (the local Docker runner takes only local ones). Kubernetes steps' images are prepared by
    /// the local runner on the local engine, which also builds and pushes their job images.
    /// </summary>
    private static IEnumerable<IStepRunner> ClusterRunners(ClusterSettings cluster, DockerEngine engine, DockerStepRunner containers) =>
    [
        new SwarmStepRunner(cluster.Swarm),
        new KubernetesStepRunner(containers, () => cluster.Kubernetes.Connect(
            new AgentContainers(engine, cluster.Swarm.Registry, cluster.Swarm.ClusterCacheUrl, cluster.Swarm.Environment),
            cluster.Swarm.Environment)),
    ];

    /// <summary>The checks the runners can make without building anything (<c>validate</c>).</summary>
    public static void Check(IReadOnlyList<IStepRunner> runners, PipelineDefinition pipeline, StepGraph graph)
    {
        var diagnostics = new Core.Diagnostics.DiagnosticBag();
        foreach (var runner in runners)
        {
            runner.Check(pipeline, graph.Steps, diagnostics);
        }

        diagnostics.ThrowIfErrors();
    }
}
