namespace PipelineBuild.Core.Planning;

/// <summary>What a <see cref="StepReason"/>'s subject names.</summary>
public enum ReasonSubject
{
    None,
    File,
    Param,
    Step,
    Kernel,

    /// <summary>A sentence: what would be built or pulled first, or why the step could not be decided.</summary>
    Message,
}
