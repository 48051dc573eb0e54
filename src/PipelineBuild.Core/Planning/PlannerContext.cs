using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Caching.RemoteOnly;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Locking;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Planning;

/// <summary>What the planner reads: the workspace, the cache (local tier only: the planner never waits on a remote), the previous lock file and the params.</summary>
public sealed record PlannerContext(
    WorkspaceLayout Layout,
    FileDigests Digests,
    IStepCache Cache,
    LockFile PreviousLock,
    ParamSet Params,
    Func<string, string?> ProducerOf)
{
    /// <summary>Outputs cluster steps left in the remote cache (<c>run --no-download</c>): inputs known by digest only.</summary>
    public RemoteOnlyOutputs RemoteOnly { get; init; } = RemoteOnlyOutputs.Empty();

    /// <summary><c>run --no-download</c>: a step whose outputs are remote only is up to date, rather than restored.</summary>
    public bool NoDownload { get; init; }
}
