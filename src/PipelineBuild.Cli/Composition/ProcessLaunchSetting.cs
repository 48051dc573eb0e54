using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution.Processes;

namespace PipelineBuild.Cli.Composition;

/// <summary>
/// <c>PIPELINEBUILD_PROCESS_LAUNCHER</c>: how every step process starts. Unset or <c>spawn</c>: posix_spawn where it
/// can; <c>managed</c>: always the portable fallback (CI runs the end-to-end tests both ways). Any other value is refused
/// (PB1007, exit 2), never taken for the default.
/// </summary>
internal static class ProcessLaunchSetting
{
    public const string Variable = "PIPELINEBUILD_PROCESS_LAUNCHER";

    public static ProcessLaunch From(Func<string, string?> environment) => environment(Variable)?.Trim() switch
    {
        null or "" or "spawn" => ProcessLaunch.Spawn,
        "managed" => ProcessLaunch.Managed,
        var setting => throw new PipelineException(PipelineDiagnostic.Error(
            ToolCodes.BadSetting,
            SourceLocation.None(Variable),
            $"'{setting}' is not a process launcher",
            "write spawn (the default) or managed (the portable fallback), or unset it")),
    };
}
