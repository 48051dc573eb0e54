namespace PipelineBuild.Core.Execution;

/// <summary>How a step ended in a run; the names are those of the JSON report (SPEC §7).</summary>
public enum StepState
{
    Ran,
    UpToDate,
    Restored,
    Failed,
    Skipped,
    Cancelled,
}
