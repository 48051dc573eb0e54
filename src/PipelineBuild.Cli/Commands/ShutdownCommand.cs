using System.CommandLine;
using System.Globalization;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.TaskRunner.Kept;

namespace PipelineBuild.Cli.Commands;

/// <summary>
/// <c>dotnet pipeline shutdown</c>: stops the task hosts this user's runs keep warm, as <c>dotnet build-server
/// shutdown</c> does for the compiler's; a host a running pipeline is using is left to it.
/// </summary>
internal static class ShutdownCommand
{
    public static Command Create()
    {
        var command = new Command("shutdown", "Stop the .NET task hosts kept warm between runs (those no running pipeline is using)");
        command.SetAction(_ =>
        {
            var result = KeptHostShutdown.StopIdle(Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stopped {result.Stopped} task host{(result.Stopped == 1 ? "" : "s")}"));
            if (result.InUse > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.InUse} in use by a running pipeline, left running (they end on their own once idle)"));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
