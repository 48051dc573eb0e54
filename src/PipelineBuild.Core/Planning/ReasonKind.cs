namespace PipelineBuild.Core.Planning;

/// <summary>
/// Why a step ended up as it did: why it runs or is restored (the planner's reasons), or why it did not
/// get that far (the scheduler's and the worker's). <see cref="ReasonNames"/> gives each its stable code.
/// </summary>
public enum ReasonKind
{
    UpToDate,
    New,
    CommandChanged,

    /// <summary>
    /// Everything the lock file records for the step compares equal, yet the fingerprint differs: the tool computes
    /// fingerprints another way than the version that recorded it (<see cref="StepFingerprint.FormatVersion"/>).
    /// </summary>
    FormatChanged,
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

    /// <summary>Status and --dry-run only: an upstream step would run or restore first, so this one is decided after it.</summary>
    Upstream,
    OutputMissing,
    OutputModified,

    /// <summary>The outputs are in the remote cache only (<c>run --no-download</c> left them there), not in the workspace.</summary>
    RemoteOnly,
    Forced,
    CacheDisabled,

    /// <summary>The step reads something outside the workspace (a database): it runs every time; its outputs' bytes decide downstream.</summary>
    ExternalSource,

    /// <summary>The step could not be decided: an input, a lock entry or a frozen step's record was unusable.</summary>
    InputUnavailable,

    /// <summary>No runner of this build of the tool runs this kind of step.</summary>
    NoRunner,

    /// <summary>The step's image, task project or kernel could not be made ready.</summary>
    EnvironmentFailed,
    EnvironmentCancelled,
    UpstreamFailed,
    StoppedAfterFailure,
    RunCancelled,

    /// <summary>The tool could not write its own state (disk full, permissions).</summary>
    ToolError,
    InternalError,
}
