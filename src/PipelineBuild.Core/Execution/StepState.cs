namespace PipelineBuild.Core.Execution;

/// <summary>How a step ended in a run; the names are those of the JSON report (docs/reference/command-line.md, "--report").</summary>
public enum StepState
{
    Ran,
    UpToDate,
    Restored,
    Failed,
    Skipped,
    Cancelled,
}
