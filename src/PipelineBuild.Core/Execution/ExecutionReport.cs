using PipelineBuild.Core.Locking;

namespace PipelineBuild.Core.Execution;

/// <summary>What the engine did: the result of every step, and the lock file the run left. Knows nothing of recording.</summary>
public sealed record ExecutionReport(
    string RunId,
    string Pipeline,
    RunStatus Status,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    IReadOnlyList<StepResult> Steps,
    LockFile LockFile)
{
    /// <summary>What the run did with the remote cache, or null without one.</summary>
    public Caching.Remote.RemoteCacheSummary? RemoteCache { get; init; }

    /// <summary>Errors beside the steps' (a required remote cache that failed during the run).</summary>
    public IReadOnlyList<RunProblem> Problems { get; init; } = [];

    /// <summary>The stat the run read for a workspace-relative file, if it read one (the run record's git check reuses it).</summary>
    public Hashing.SeenStatLookup SeenStat { get; init; } = _ => null;

    /// <summary>The stat cache file those stats all came from and which of its entries the run saw, when the run left it unchanged.</summary>
    public Hashing.StatCacheSeen? SeenFrom { get; init; }

    public int Count(StepState state) => Steps.Count(s => s.State == state);
}
