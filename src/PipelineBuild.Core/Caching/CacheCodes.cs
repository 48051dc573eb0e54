namespace PipelineBuild.Core.Caching;

/// <summary>The stable codes of cache and store problems (docs/error-codes.md, "PB4xxx — cache").</summary>
public static class CacheCodes
{
    /// <summary>A damaged action entry (unreadable, another key's, or naming outputs the step does not declare): a miss.</summary>
    public const string DamagedEntry = "PB4001";

    /// <summary>warning: the lock file has another schema version; every step is decided afresh.</summary>
    public const string LockFileOtherSchema = "PB4002";

    /// <summary>warning: the lock file is damaged; every step is decided afresh.</summary>
    public const string LockFileDamaged = "PB4003";

    /// <summary>warning: the remote-only state (<c>.pipeline/remote-only.json</c>, <c>run --no-download</c>) is damaged, or a record in it is refused; those outputs are fetched again as needed.</summary>
    public const string RemoteOnlyStateDamaged = "PB4120";

    /// <summary>The lock file cannot be written.</summary>
    public const string LockFileNotWritten = "PB4004";

    /// <summary>A step did not create a declared output.</summary>
    public const string OutputNotCreated = "PB4005";

    /// <summary>warning: a cache entry is incomplete or damaged; the step runs instead.</summary>
    public const string IncompleteEntry = "PB4006";

    /// <summary>warning: the stat cache could not be saved.</summary>
    public const string StatCacheNotSaved = "PB4007";

    /// <summary>An output is a symlink that leads outside the workspace: the step fails, nothing is stored.</summary>
    public const string OutputLinksOutside = "PB4010";

    /// <summary>A path in a cache entry or tree listing was refused by the confinement rule: the restore is a miss.</summary>
    public const string UnsafeRestorePath = "PB4011";

    /// <summary><c>cache gc</c> was given a size or an age it cannot use (exit 2).</summary>
    public const string BadCollectionLimit = "PB4050";

    /// <summary>warning: <c>cache gc</c> kept what the lock files need, and that alone is more than <c>--max-size</c>.</summary>
    public const string PinnedBeyondLimit = "PB4051";
}
