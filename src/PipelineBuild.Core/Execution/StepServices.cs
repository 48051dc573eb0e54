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
}
