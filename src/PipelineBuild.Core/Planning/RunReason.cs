namespace PipelineBuild.Core.Planning;

/// <summary>Why a step runs (or is restored) instead of being up to date.</summary>
public enum RunReason
{
    New,
    CommandChanged,
    ImageChanged,

    /// <summary>The assembly of a .NET task step changed: its task project's code was edited.</summary>
    TaskChanged,

    /// <summary>A notebook step's kernel changed: another kernel, or its interpreter's version.</summary>
    KernelChanged,

    /// <summary>Status and --dry-run only: the step's image or task project would be built (or pulled) first.</summary>
    EnvironmentPending,
    ParamChanged,
    InputChanged,
    UpstreamChanged,
    Upstream,
    OutputMissing,
    OutputModified,
    Forced,
    CacheDisabled,

    /// <summary>The step reads something outside the workspace (a database): it runs every time; its outputs' bytes decide downstream.</summary>
    ExternalSource,
}
