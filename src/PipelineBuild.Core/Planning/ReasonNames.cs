namespace PipelineBuild.Core.Planning;

/// <summary>
/// The stable codes of <see cref="ReasonKind"/> written to <c>--report</c> (<c>reasonCode</c>) and <c>runs.db</c>
/// (<c>reason_code</c>): kebab-case, spelled out so that renaming a member never changes a stored code.
/// </summary>
public static class ReasonNames
{
    private static readonly Dictionary<string, ReasonKind> Kinds =
        Enum.GetValues<ReasonKind>().ToDictionary(CodeOf, k => k, StringComparer.Ordinal);

    public static string CodeOf(ReasonKind kind) => kind switch
    {
        ReasonKind.UpToDate => "up-to-date",
        ReasonKind.New => "new",
        ReasonKind.CommandChanged => "command-changed",
        ReasonKind.FormatChanged => "format-changed",
        ReasonKind.ImageChanged => "image-changed",
        ReasonKind.TaskChanged => "task-changed",
        ReasonKind.KernelChanged => "kernel-changed",
        ReasonKind.EnvironmentPending => "environment-pending",
        ReasonKind.ParamChanged => "param-changed",
        ReasonKind.InputChanged => "input-changed",
        ReasonKind.UpstreamChanged => "upstream-changed",
        ReasonKind.Upstream => "upstream-pending",
        ReasonKind.OutputMissing => "output-missing",
        ReasonKind.OutputModified => "output-modified",
        ReasonKind.RemoteOnly => "remote-only",
        ReasonKind.Forced => "forced",
        ReasonKind.CacheDisabled => "cache-disabled",
        ReasonKind.ExternalSource => "external-source",
        ReasonKind.InputUnavailable => "input-unavailable",
        ReasonKind.NoRunner => "no-runner",
        ReasonKind.EnvironmentFailed => "environment-failed",
        ReasonKind.EnvironmentCancelled => "environment-cancelled",
        ReasonKind.UpstreamFailed => "upstream-failed",
        ReasonKind.StoppedAfterFailure => "stopped-after-failure",
        ReasonKind.RunCancelled => "run-cancelled",
        ReasonKind.ToolError => "tool-error",
        ReasonKind.InternalError => "internal-error",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The kind a stored code names; null for a code this tool does not know (a newer tool wrote it).</summary>
    public static ReasonKind? KindOf(string? code) => code is not null && Kinds.TryGetValue(code, out var kind) ? kind : null;
}
