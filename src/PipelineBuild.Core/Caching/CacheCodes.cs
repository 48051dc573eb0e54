namespace PipelineBuild.Core.Caching;

/// <summary>The stable codes of cache and store problems (docs/error-codes.md, "PB4xxx — cache").</summary>
public static class CacheCodes
{
    /// <summary>A damaged action entry (unreadable, another key's, or naming outputs the step does not declare): a miss.</summary>
    public const string DamagedEntry = "PB4001";

    /// <summary>An output is a symlink that leads outside the workspace: the step fails, nothing is stored.</summary>
    public const string OutputLinksOutside = "PB4010";

    /// <summary>A path in a cache entry or tree listing was refused by the confinement rule: the restore is a miss.</summary>
    public const string UnsafeRestorePath = "PB4011";
}
