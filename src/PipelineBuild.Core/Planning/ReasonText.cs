namespace PipelineBuild.Core.Planning;

/// <summary>The words <c>status</c>, <c>--dry-run</c> and reports use for a reason (docs/pipeline-format.md, "Skipping").</summary>
public static class ReasonText
{
    public static string Format(RunReason reason, string detail)
    {
        var text = Name(reason);
        return detail.Length == 0 ? text : $"{text}: {detail}";
    }

    public static string Name(RunReason reason) => reason switch
    {
        RunReason.New => "new",
        RunReason.CommandChanged => "command changed",
        RunReason.ImageChanged => "image changed",
        RunReason.TaskChanged => "task code changed",
        RunReason.KernelChanged => "kernel changed",
        RunReason.EnvironmentPending => "environment",
        RunReason.ParamChanged => "param changed",
        RunReason.InputChanged => "input changed",
        RunReason.UpstreamChanged => "upstream changed",
        RunReason.Upstream => "upstream",
        RunReason.OutputMissing => "output missing",
        RunReason.OutputModified => "output modified",
        RunReason.Forced => "forced",
        RunReason.CacheDisabled => "cache disabled",
        RunReason.ExternalSource => "reads outside the workspace",
        _ => reason.ToString(),
    };
}
