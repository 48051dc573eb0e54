using System.Globalization;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.TaskRunner.Kept;

/// <summary>
/// <c>PIPELINEBUILD_TASK_HOSTS</c>: <c>run</c> — task hosts end with the run; <c>kept</c> — shared task hosts stay
/// for the next run until idle for <see cref="DefaultIdle"/>; <c>kept:&lt;seconds&gt;</c> — with that idle time.
/// Unset: kept, but <c>run</c> in a CI job (a job runs once; hosts left behind would only be in the way), which the
/// composition root detects as it does for CI output.
/// Any other value is refused (PB1007, exit 2), never taken for a default. Read by the composition root;
/// <see cref="RuntimeFolder"/> is <c>XDG_RUNTIME_DIR</c>, where kept hosts' sockets go.
/// </summary>
public sealed record TaskHostLifetime(bool KeepAcrossRuns, TimeSpan Idle, string? RuntimeFolder = null)
{
    public const string Variable = "PIPELINEBUILD_TASK_HOSTS";

    /// <summary>Ten minutes: an edit-run loop's pause between runs is well inside it; an idle host costs memory (≈ 40 MB), no CPU.</summary>
    public static readonly TimeSpan DefaultIdle = TimeSpan.FromMinutes(10);

    public static readonly TaskHostLifetime PerRun = new(false, TimeSpan.Zero);

    /// <param name="environment">The process's variables.</param>
    /// <param name="inCi">Whether the tool runs in a CI job: the default is then <c>run</c>.</param>
    public static TaskHostLifetime From(Func<string, string?> environment, bool inCi)
    {
        var setting = environment(Variable)?.Trim();
        var runtime = environment("XDG_RUNTIME_DIR");
        if (string.IsNullOrEmpty(setting))
        {
            return inCi ? PerRun : new(true, DefaultIdle, runtime);
        }

        if (string.Equals(setting, "run", StringComparison.Ordinal))
        {
            return PerRun;
        }

        if (string.Equals(setting, "kept", StringComparison.Ordinal))
        {
            return new(true, DefaultIdle, runtime);
        }

        return setting.StartsWith("kept:", StringComparison.Ordinal)
            && int.TryParse(setting.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds > 0
                ? new(true, TimeSpan.FromSeconds(seconds), runtime)
                : throw new PipelineException(PipelineDiagnostic.Error(
                    ToolCodes.BadSetting,
                    SourceLocation.None(Variable),
                    $"'{setting}' is not a task host lifetime",
                    "write run (hosts end with each run), kept (kept for the next run, 10 minutes idle) or kept:<seconds> (e.g. kept:600), or unset it for the default"));
    }
}
