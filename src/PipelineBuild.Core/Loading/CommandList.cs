namespace PipelineBuild.Core.Loading;

/// <summary>
/// Joins a <c>run:</c> list into one script for the step's shell. After every item its exit status is
/// checked on a line of its own, so the script stops at the first failing item whatever the shell's
/// options are (<c>sh -c</c> in containers has no <c>-e</c>), and an item may end with a comment.
/// </summary>
internal static class CommandList
{
    private const string PosixGuard = "__pb_status=$?; if [ \"$__pb_status\" -ne 0 ]; then exit \"$__pb_status\"; fi";
    private const string PowerShellGuard = "if (-not $?) { if ($LASTEXITCODE) { exit $LASTEXITCODE } else { exit 1 } }";

    /// <param name="shell">The step's shell; null is the host default (bash, pwsh on Windows).</param>
    public static string Join(IReadOnlyList<string> commands, string? shell)
    {
        var powerShell = shell is "pwsh" or "powershell" || (shell is null && OperatingSystem.IsWindows());
        var guard = powerShell ? PowerShellGuard : PosixGuard;
        return string.Join('\n', commands.Select(command => command + "\n" + guard));
    }
}
