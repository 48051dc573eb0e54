using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Docker.Engine;

namespace PipelineBuild.Swarm;

/// <summary>
/// Runs the container steps whose executor is <c>swarm</c> as one swarm job each (docs/cluster.md, "Docker Swarm"); every
/// other step stays with the local runners.
/// </summary>
public sealed class SwarmStepRunner : IStepRunner, IDisposable
{
    private readonly SwarmSettings _settings;
    private readonly DockerEngine _manager;

    public SwarmStepRunner(SwarmSettings settings)
    {
        _settings = settings;
        _manager = new DockerEngine(settings.Manager);
    }

    public bool CanRun(StepDefinition step) => step.Kind == StepKind.Container && step.Executor == Executor.Swarm;

    public IStepRunnerSession Begin(PipelineDefinition pipeline) => new SwarmRunnerSession(_manager, _settings, pipeline);

    public void Dispose() => _manager.Dispose();
}
