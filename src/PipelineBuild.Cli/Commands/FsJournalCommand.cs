using System.CommandLine;
using PipelineBuild.Core.Workspace.Watching;

namespace PipelineBuild.Cli.Commands;

/// <summary>
/// <c>fs-journal --listen SOCKET --workspace ROOT --idle SECONDS</c> (hidden): the change journal process a run starts
/// with <c>PIPELINEBUILD_FS_WATCH=kept</c> (<see cref="JournalServer"/>); the same binary, so the same protocol.
/// </summary>
internal static class FsJournalCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Required = true, Description = "The socket to answer on" };
        var workspace = new Option<string>("--workspace") { Required = true, Description = "The workspace whose folders are watched" };
        var idle = new Option<int>("--idle") { DefaultValueFactory = _ => (int)FsWatchSetting.DefaultIdle.TotalSeconds, Description = "Seconds without a question before it leaves" };
        var command = new Command("fs-journal", "The change journal kept across runs (started by run)") { listen, workspace, idle };
        command.Hidden = true;
        command.SetAction(parse => JournalServer.Serve(parse.GetValue(listen)!, parse.GetValue(workspace)!, TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(idle)))));
        return command;
    }
}
