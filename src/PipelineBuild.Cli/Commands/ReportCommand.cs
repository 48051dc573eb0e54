using System.CommandLine;
using PipelineBuild.Cli.Pictures;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Commands;

/// <summary><c>dotnet pipeline report [RUN] [-o report.html] [--format html|md]</c>: one page about one run.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("RUN") { Description = "A run id, prefix (4+ characters), latest or latest~N", DefaultValueFactory = _ => "latest" };
        var output = PictureOptions.Output("The file to write (html: report.html; md: the console)");
        var format = PictureOptions.Format();
        var command = new Command("report", "Write a run's report: status, params, metrics, steps, timeline, graph, artifacts, profiles, plots") { run, output, format };
        command.SetAction(parse =>
        {
            using var store = RunHistory.TryOpen(parse);
            var sources = new PictureSources(WorkspaceLocator.Find(parse), store);
            var record = sources.Get(parse.GetValue(run)!);
            if (parse.GetValue(format) == "md")
            {
                PictureOptions.WriteText(parse.GetValue(output), text => MarkdownReport.Write(text, record, sources.Previous(record)));
                return ExitCodes.Success;
            }

            PictureOptions.WriteHtml(parse.GetValue(output) ?? "report.html", PicturePages.Report(sources, record));
            return ExitCodes.Success;
        });
        return command;
    }
}
