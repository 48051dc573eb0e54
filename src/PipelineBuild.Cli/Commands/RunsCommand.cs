using System.CommandLine;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Commands;

/// <summary><c>dotnet pipeline runs [--json] [--limit N]</c> and <c>runs show ID</c>: the run history.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var limit = new Option<int>("--limit", "-n") { Description = "Show at most this many runs, newest first", DefaultValueFactory = _ => 20 };
        var command = new Command("runs", "List recorded runs, newest first") { json, limit, CreateShow() };
        command.SetAction(parse =>
        {
            var count = parse.GetValue(limit);
            if (count < 1)
            {
                throw new PipelineException(PipelineDiagnostic.Error(ToolCodes.BadCount, SourceLocation.None("--limit"), $"{count} is not a valid number of runs", "give 1 or more"));
            }

            using var store = RunHistory.TryOpen(parse);
            var runs = store?.List(count) ?? [];
            if (parse.GetValue(json))
            {
                RunJson.ToConsole(writer =>
                {
                    writer.WriteStartArray();
                    foreach (var run in runs)
                    {
                        RunJson.Write(writer, run, steps: false);
                    }

                    writer.WriteEndArray();
                });
            }
            else if (runs.Count == 0)
            {
                Console.WriteLine("no runs recorded yet; 'dotnet pipeline run' records one");
            }
            else
            {
                RunText.WriteList(Console.Out, runs);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateShow()
    {
        var id = RunHistory.RunArgument("ID", "A run id, an unambiguous prefix of one (4+ characters), latest or latest~N");
        var json = CommonOptions.Json();
        var command = new Command("show", "Show one run: params, steps, metrics, artifacts") { id, json };
        command.SetAction(parse =>
        {
            using var store = RunHistory.TryOpen(parse);
            var run = RunHistory.Get(store, parse.GetValue(id)!);
            if (parse.GetValue(json))
            {
                RunJson.ToConsole(writer => RunJson.Write(writer, run, steps: true));
            }
            else
            {
                RunText.WriteRun(Console.Out, run);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
