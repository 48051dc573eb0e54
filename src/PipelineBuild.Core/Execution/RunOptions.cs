namespace PipelineBuild.Core.Execution;

/// <summary>How a run behaves: parallelism, failure policy, forcing.</summary>
public sealed record RunOptions
{
    public int Jobs { get; init; } = Environment.ProcessorCount;

    /// <summary>Runs everything not downstream of a failure instead of stopping at the first.</summary>
    public bool KeepGoing { get; init; }

    public bool Force { get; init; }

    /// <summary>Steps run even when up to date (as with <see cref="Force"/>, for these only): a drift retrain in <c>serve</c>.</summary>
    public IReadOnlySet<string> ForceSteps { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>A second run on the same workspace waits for the first unless this is set (then it fails).</summary>
    public bool NoWait { get; init; }

    /// <summary>The remote cache tier below the local one, or null for none.</summary>
    public Caching.Remote.RemoteCacheOptions? RemoteCache { get; init; }

    /// <summary>Cluster steps leave their outputs in the remote cache instead of restoring them (<c>run --no-download</c>).</summary>
    public bool NoDownload { get; init; }

    /// <summary>The stat cache, already being loaded (by the command, while it loaded the pipeline); null: loaded when the run needs it.</summary>
    public Hashing.StatCachePreload? StatCache { get; init; }

    /// <summary>
    /// The workspace's change journal (<c>PIPELINEBUILD_FS_WATCH=kept</c>): the plan takes what it vouches unchanged
    /// from the stat cache without a stat; null: every input is stat'ed.
    /// </summary>
    public Workspace.Watching.IChangeJournal? ChangeJournal { get; init; }

    /// <summary>The lock file, already being read (by the command, while it loaded the pipeline); null: read when the run needs it.</summary>
    public Locking.LockFilePreload? LockFile { get; init; }
}
