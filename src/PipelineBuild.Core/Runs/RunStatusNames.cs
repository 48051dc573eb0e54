using PipelineBuild.Core.Execution;

namespace PipelineBuild.Core.Runs;

/// <summary>Run statuses as stored and printed: <c>succeeded</c>, <c>failed</c>, <c>cancelled</c>.</summary>
public static class RunStatusNames
{
    public static string Of(RunStatus status) => status.ToString().ToLowerInvariant();

    public static RunStatus Parse(string text) => text switch
    {
        "succeeded" => RunStatus.Succeeded,
        "cancelled" => RunStatus.Cancelled,
        _ => RunStatus.Failed,
    };

    public static StepState ParseStep(string text) => text switch
    {
        "ran" => StepState.Ran,
        "up-to-date" => StepState.UpToDate,
        "restored" => StepState.Restored,
        "skipped" => StepState.Skipped,
        "cancelled" => StepState.Cancelled,
        _ => StepState.Failed,
    };
}
