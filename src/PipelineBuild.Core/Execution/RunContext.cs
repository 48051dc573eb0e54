using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// The run a runner prepares environments for: where to log, whom to tell, and the run's file digests
/// (with its stat cache) for hashing build contexts. <see cref="RunId"/> is empty for status and --dry-run.
/// </summary>
public sealed record RunContext(PipelineDefinition Pipeline, string RunId, WorkspaceLayout Layout, FileDigests Digests, IRunObserver Observer)
{
    /// <summary>The run's remote cache, through which a cluster executor ships inputs and gets outputs back; null without one (and for plans).</summary>
    public Caching.Remote.RemoteCacheSession? RemoteCache { get; init; }
}
