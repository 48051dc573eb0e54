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
    Func<string, string?> ProducerOf);
