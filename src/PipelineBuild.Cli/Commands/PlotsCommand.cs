using System.CommandLine;
using PipelineBuild.Cli.Pictures;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Commands;

/// <summary>
/// <c>dotnet pipeline plots show [RUN]</c> and <c>plots diff [RUN…]</c>: the pipeline's plots as one
/// self-contained page, from a run's cached outputs or the workspace's files; diff draws each run's
/// series on the same chart, coloured per run (no run named: the latest run against the workspace).
/// </summary>
internal static class PlotsCommand
{
    public static Command Create() => new("plots", "Draw the pipeline's plots") { CreateShow(), CreateDiff() };

    private static Command CreateShow()
    {
        var run = new Argument<string?>("RUN") { Description = "A run (id, prefix, latest~N); default: the files in the workspace", Arity = ArgumentArity.ZeroOrOne };
        var output = PictureOptions.Output("The page to write (default: plots.html)");
        var command = new Command("show", "Draw the plots of a run, or of the workspace") { run, output };
        command.SetAction(parse =>
        {
            using var store = RunHistory.TryOpen(parse);
            var sources = new PictureSources(WorkspaceLocator.Find(parse), store);
            var record = parse.GetValue(run) is { } reference ? sources.Get(reference) : null;
            Write(sources, parse.GetValue(output), [new PlotSeries(record?.Id ?? "workspace", record)], record);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateDiff()
    {
        var runs = new Argument<string[]>("RUN") { Description = "Runs to draw together (default: the latest run and the workspace; one run: it and the workspace)", Arity = ArgumentArity.ZeroOrMore };
        var output = PictureOptions.Output("The page to write (default: plots.html)");
        var command = new Command("diff", "Draw several runs' plots on the same charts, one colour per run") { runs, output };
        command.SetAction(parse =>
        {
            using var store = RunHistory.TryOpen(parse);
            var sources = new PictureSources(WorkspaceLocator.Find(parse), store);
            var references = parse.GetValue(runs) is { Length: > 0 } given ? given : ["latest"];
            var records = references.Select(sources.Get).ToList();
            var series = records.Select(r => new PlotSeries(r.Id[..Math.Min(12, r.Id.Length)], r)).ToList();
            if (records.Count == 1)
            {
                series.Add(new PlotSeries("workspace", null));
            }

            Write(sources, parse.GetValue(output), series, records[^1]);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(PictureSources sources, string? output, IReadOnlyList<PlotSeries> series, RunRecord? run)
    {
        var pipeline = sources.Pipeline(run) ?? throw new PipelineException(
            PictureCodes.NoPipelineForPlots,
            $"{sources.Layout.Root}: error {PictureCodes.NoPipelineForPlots}: no valid pipeline file to read the plots from; run 'dotnet pipeline validate' in the workspace, or pass -C to the workspace",
            ExitCodes.InvalidInput);
        var title = $"{pipeline.Pipeline.Name} · plots of {string.Join(", ", series.Select(s => s.Label))}";
        PictureOptions.WriteHtml(output ?? "plots.html", PicturePages.Plots(title, PictureSources.PlotsOf(pipeline.Pipeline), series, sources.Files));
    }
}
