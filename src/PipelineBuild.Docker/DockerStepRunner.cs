using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Docker.Containers;
using PipelineBuild.Docker.Engine;

namespace PipelineBuild.Docker;

/// <summary>
/// Runs container steps on a Docker engine (docs/pipeline-format.md, "Containers"): prepares the step's image before it is fingerprinted,
/// runs the command in a fresh labelled container, streams its output into the step log, and removes
/// the container afterwards — on success, failure, timeout and Ctrl-C alike.
/// </summary>
public sealed class DockerStepRunner : IStepRunner, IDisposable
{
    private readonly DockerEngine _engine;
    private readonly string _user;

    public DockerStepRunner(DockerEngine? engine = null, string? user = null)
    {
        _engine = engine ?? new DockerEngine();
        _user = user ?? InvokingUser.UidGid();
    }

    /// <summary>Container steps whose executor is local; a cluster executor's runner takes the others.</summary>
    public bool CanRun(StepDefinition step) => step.Kind == StepKind.Container && step.Executor == Executor.Local;

    public IStepRunnerSession Begin(PipelineDefinition pipeline) => new DockerRunnerSession(_engine, _user);

    public void Dispose() => _engine.Dispose();
}
