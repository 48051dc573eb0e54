using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Locking;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Execution;

/// <summary>The collaborators a step needs while it is decided, run and recorded.</summary>
public sealed record StepServices(
    string RunId,
    WorkspaceLayout Layout,
    ExecutionPlanner Planner,
    OutputRecorder Outputs,
    CacheRestorer Restorer,
    ActionCache Actions,
    ContentStore Store,
    LockRecorder Lock,
    IReadOnlyList<IStepRunner> Runners,
    IRunObserver Observer);
