using PipelineBuild.Core.Workspace;
using PipelineBuild.Core.Workspace.Watching;

namespace PipelineBuild.Cli.Composition;

/// <summary>
/// The change journal of a run (<c>PIPELINEBUILD_FS_WATCH</c>, <see cref="FsWatchSetting"/>): none unless asked for,
/// never in CI, never off Linux or without a private socket folder; else this tool's own binary, started as
/// <c>fs-journal</c>.
/// </summary>
internal static class ChangeJournals
{
    /// <summary>Reads the setting (a bad value: exit 2, whatever the run) and gives the journal to ask, or null.</summary>
    public static IChangeJournal? For(string workspaceRoot, bool ci)
    {
        var setting = FsWatchSetting.From(Environment.GetEnvironmentVariable, ci);
        if (!setting.Kept || !OperatingSystem.IsLinux() || Command() is not { } command
            || PrivateSocketFolder.Find(Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR"), out _) is not { } folder)
        {
            return null;
        }

        return new JournalClient(folder, workspaceRoot, command, setting.Idle);
    }

    /// <summary>This tool: the native binary, or <c>dotnet</c> and the CLI's assembly.</summary>
    private static string[]? Command()
    {
        if (Environment.ProcessPath is not { } program)
        {
            return null;
        }

        if (!string.Equals(Path.GetFileNameWithoutExtension(program), "dotnet", StringComparison.Ordinal))
        {
            return [program];
        }

        // Under the dotnet host the first argument is the application's assembly.
        var assembly = Environment.GetCommandLineArgs()[0];
        return assembly.EndsWith(".dll", StringComparison.Ordinal) && File.Exists(assembly) ? [program, Path.GetFullPath(assembly)] : null;
    }
}
