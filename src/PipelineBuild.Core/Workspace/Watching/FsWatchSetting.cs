using System.Globalization;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Workspace.Watching;

/// <summary>
/// <c>PIPELINEBUILD_FS_WATCH</c>: unset or <c>off</c> — every run stats its inputs; <c>kept</c> — a change journal
/// process per workspace (inotify) stays for the next run until idle for <see cref="DefaultIdle"/>, and runs stat only
/// what it says changed; <c>kept:&lt;seconds&gt;</c> — with that idle time. Always off in CI. Anything else: exit 2.
/// </summary>
public sealed record FsWatchSetting(bool Kept, TimeSpan Idle)
{
    public const string Variable = "PIPELINEBUILD_FS_WATCH";

    /// <summary>Ten minutes, as kept task hosts: a journal costs a watch per folder and a few MB, no CPU while idle.</summary>
    public static readonly TimeSpan DefaultIdle = TimeSpan.FromMinutes(10);

    public static readonly FsWatchSetting Off = new(false, TimeSpan.Zero);

    /// <param name="ci">Whether the run is in CI (the CI detector, or <c>CI=true</c>): then off whatever the variable says.</param>
    public static FsWatchSetting From(Func<string, string?> environment, bool ci)
    {
        var setting = environment(Variable)?.Trim();
        FsWatchSetting parsed;
        if (string.IsNullOrEmpty(setting) || string.Equals(setting, "off", StringComparison.Ordinal))
        {
            parsed = Off;
        }
        else if (string.Equals(setting, "kept", StringComparison.Ordinal))
        {
            parsed = new(true, DefaultIdle);
        }
        else if (setting.StartsWith("kept:", StringComparison.Ordinal)
            && int.TryParse(setting.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds > 0)
        {
            parsed = new(true, TimeSpan.FromSeconds(seconds));
        }
        else
        {
            throw new PipelineException(
                ToolCodes.BadFsWatch,
                $"{Variable}: error {ToolCodes.BadFsWatch}: '{setting}' is not a setting it takes; give 'kept', 'kept:<idle seconds>' (more than 0) or 'off'");
        }

        return ci || string.Equals(environment("CI")?.Trim(), "true", StringComparison.OrdinalIgnoreCase) ? Off : parsed;
    }
}
