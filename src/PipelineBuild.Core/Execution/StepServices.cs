using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Locking;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Execution;

/// <summary>The collaborators a step needs while it is decided, run and recorded.</summary>
public sealed record StepServices(
    RunContext Run,
    ExecutionPlanner Planner,
    OutputRecorder Outputs,
    CacheRestorer Restorer,
    IStepCache Cache,
    LockRecorder Lock,
    RunnerSessions Runners)
{
    public string RunId => Run.RunId;

    public WorkspaceLayout Layout => Run.Layout;

    public IRunObserver Observer => Run.Observer;

    /// <summary>Outputs cluster steps left in the remote cache (<c>run --no-download</c>), as the run changes them.</summary>
    public Caching.RemoteOnly.RemoteOnlyOutputs RemoteOnly { get; init; } = Caching.RemoteOnly.RemoteOnlyOutputs.Empty();
}
