using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Locking;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Planning;

/// <summary>What the planner reads: the workspace, the caches, the previous lock file and the params.</summary>
public sealed record PlannerContext(
    WorkspaceLayout Layout,
    FileDigests Digests,
    ContentStore Store,
    ActionCache Actions,
    LockFile PreviousLock,
    ParamSet Params,
    Func<string, string?> ProducerOf)
{
    /// <summary>Resolves a container step's image to its content id; null for other steps.</summary>
    public Func<StepDefinition, string?> ImageIdOf { get; init; } = _ => null;

    /// <summary>The content hash of the task assembly a task step uses; null for other steps.</summary>
    public Func<StepDefinition, string?> TaskAssemblyHashOf { get; init; } = _ => null;
}
