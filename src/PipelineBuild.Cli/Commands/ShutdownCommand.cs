using System.CommandLine;
using System.Globalization;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Workspace.Watching;
using PipelineBuild.TaskRunner.Kept;

namespace PipelineBuild.Cli.Commands;

/// <summary>
/// <c>dotnet pipeline shutdown</c>: stops the processes this user's runs keep between runs, as <c>dotnet build-server
/// shutdown</c> does for the compiler's: the task hosts (a host a running pipeline is using is left to it) and the
/// change journals (<c>PIPELINEBUILD_FS_WATCH=kept</c>).
/// </summary>
internal static class ShutdownCommand
{
    public static Command Create()
    {
        var command = new Command("shutdown", "Stop the processes kept between runs: .NET task hosts (those no running pipeline is using) and change journals");
        command.SetAction(_ =>
        {
            var runtimeFolder = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
            var result = KeptHostShutdown.StopIdle(runtimeFolder);
            var journals = JournalShutdown.StopAll(runtimeFolder);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stopped {result.Stopped} task host{(result.Stopped == 1 ? "" : "s")}"));
            if (result.InUse > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.InUse} in use by a running pipeline, left running (they end on their own once idle)"));
            }

            if (journals > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stopped {journals} change journal{(journals == 1 ? "" : "s")}"));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
