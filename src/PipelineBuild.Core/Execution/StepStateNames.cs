namespace PipelineBuild.Core.Execution;

public static class StepStateNames
{
    public static string Of(StepState state) => state switch
    {
        StepState.Ran => "ran",
        StepState.UpToDate => "up-to-date",
        StepState.Restored => "restored",
        StepState.Failed => "failed",
        StepState.Skipped => "skipped",
        StepState.Cancelled => "cancelled",
        _ => state.ToString(),
    };
}
