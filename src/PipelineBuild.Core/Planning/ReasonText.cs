namespace PipelineBuild.Core.Planning;

/// <summary>The words <c>status</c>, <c>--dry-run</c> and reports use for a reason (docs/pipeline-format.md, "Skipping").</summary>
public static class ReasonText
{
    public static string Format(StepReason reason)
    {
        var text = Name(reason.Kind);
        text = reason.Subject.Length == 0 ? text
            : reason.Kind == ReasonKind.StoppedAfterFailure ? $"{text} {reason.Subject}"
            : $"{text}: {reason.Subject}";
        return reason.FromRemoteCache ? $"{text} (remote cache)" : text;
    }

    public static string Name(ReasonKind kind) => kind switch
    {
        ReasonKind.UpToDate => "up to date",
        ReasonKind.New => "new",
        ReasonKind.CommandChanged => "command changed",
        ReasonKind.FormatChanged => "fingerprint format changed (another version of the tool ran it last)",
        ReasonKind.ImageChanged => "image changed",
        ReasonKind.TaskChanged => "task code changed",
        ReasonKind.KernelChanged => "kernel changed",
        ReasonKind.EnvironmentPending => "environment",
        ReasonKind.ParamChanged => "param changed",
        ReasonKind.InputChanged => "input changed",
        ReasonKind.UpstreamChanged => "upstream changed",
        ReasonKind.Upstream => "upstream",
        ReasonKind.OutputMissing => "output missing",
        ReasonKind.OutputModified => "output modified",
        ReasonKind.RemoteOnly => "outputs are remote only",
        ReasonKind.Forced => "forced",
        ReasonKind.CacheDisabled => "cache disabled",
        ReasonKind.ExternalSource => "reads outside the workspace",
        ReasonKind.InputUnavailable => "input unavailable",
        ReasonKind.NoRunner => "no runner",
        ReasonKind.EnvironmentFailed => "environment not ready",
        ReasonKind.EnvironmentCancelled => "cancelled while its environment was prepared",
        ReasonKind.UpstreamFailed => "upstream failed",
        ReasonKind.StoppedAfterFailure => "stopped after failure of",
        ReasonKind.RunCancelled => "run cancelled",
        ReasonKind.ToolError => "tool error",
        ReasonKind.InternalError => "internal error",
        _ => kind.ToString(),
    };
}
