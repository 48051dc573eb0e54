namespace PipelineBuild.Core.Planning;

/// <summary>Why a step runs (or is restored) instead of being up to date.</summary>
public enum RunReason
{
    New,
    CommandChanged,
    ImageChanged,
    ParamChanged,
    InputChanged,
    UpstreamChanged,
    Upstream,
    OutputMissing,
    OutputModified,
    Forced,
    CacheDisabled,
}
