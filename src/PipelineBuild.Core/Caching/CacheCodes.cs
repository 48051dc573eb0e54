namespace PipelineBuild.Core.Caching;

/// <summary>The stable codes of cache and store problems (docs/error-codes.md, "PB4xxx — cache").</summary>
public static class CacheCodes
{
    /// <summary>A damaged action entry: a miss.</summary>
    public const string DamagedEntry = "PB4001";

    /// <summary>warning: the lock file has another schema version; every step is decided afresh.</summary>
    public const string LockFileOtherSchema = "PB4002";

    /// <summary>warning: the lock file is damaged; every step is decided afresh.</summary>
    public const string LockFileDamaged = "PB4003";

    /// <summary>The lock file cannot be written.</summary>
    public const string LockFileNotWritten = "PB4004";

    /// <summary>A step did not create a declared output.</summary>
    public const string OutputNotCreated = "PB4005";

    /// <summary>warning: a cache entry is incomplete or damaged; the step runs instead.</summary>
    public const string IncompleteEntry = "PB4006";

    /// <summary>warning: the stat cache could not be saved.</summary>
    public const string StatCacheNotSaved = "PB4007";
}
