using System.CommandLine;
using PipelineBuild.Cli.Pictures;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Commands;

/// <summary>
/// <c>dotnet pipeline compare A B [--all] [--json]</c>: params and metrics of two runs, with deltas;
/// <c>compare RUN… --html out.html [--x PARAM]</c> or <c>--format md</c>: any number of runs side by side.
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("RUN") { Description = "Runs to compare, oldest first (ids, prefixes, latest~N); two for the text and JSON diff", Arity = new ArgumentArity(2, 100) };
        var all = new Option<bool>("--all", "-a") { Description = "Show unchanged params and metrics too" };
        var json = CommonOptions.Json();
        var html = new Option<string?>("--html") { Description = "Write a page: the runs' table (sortable) and a chart of each metric across the runs" };
        var x = new Option<string?>("--x") { Description = "The param on the charts' x axis (default: run order)" };
        var format = new Option<string?>("--format") { Description = "md: the runs' table as Markdown" };
        format.AcceptOnlyFromAmong("md");
        var command = new Command("compare", "Compare the params and metrics of runs") { runs, all, json, html, x, format };
        command.SetAction(parse =>
        {
            using var store = RunHistory.TryOpen(parse);
            var records = parse.GetValue(runs)!.Select(r => RunHistory.Get(store, r)).ToList();
            if (parse.GetValue(html) is { } page)
            {
                PictureOptions.WriteHtml(page, PicturePages.Compare(records, parse.GetValue(x)), "--html");
                return ExitCodes.Success;
            }

            if (parse.GetValue(format) == "md" || records.Count > 2)
            {
                if (parse.GetValue(json))
                {
                    throw new PipelineException(PictureCodes.JsonOfTwoRuns, $"--json: error {PictureCodes.JsonOfTwoRuns}: the JSON diff compares two runs; give two, or use --html / --format md for more");
                }

                MarkdownCompare.Write(Console.Out, records);
                return ExitCodes.Success;
            }

            var comparison = RunComparison.Of(records[0], records[1], parse.GetValue(all));
            if (parse.GetValue(json))
            {
                RunJson.ToConsole(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteStartObject("runs");
                    writer.WriteString("old", comparison.Old.Id);
                    writer.WriteString("new", comparison.New.Id);
                    writer.WriteEndObject();
                    writer.WritePropertyName("params");
                    ComparisonOutput.WriteParamsJson(writer, comparison.Params);
                    writer.WritePropertyName("metrics");
                    ComparisonOutput.WriteMetricsJson(writer, comparison.Metrics);
                    writer.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            Console.WriteLine($"old: {comparison.Old.Id} ({RunStatusNames.Of(comparison.Old.Status)})   new: {comparison.New.Id} ({RunStatusNames.Of(comparison.New.Status)})");
            Console.WriteLine();
            if (comparison.Params.Count == 0 && comparison.Metrics.Count == 0)
            {
                Console.WriteLine("no param or metric changed (--all shows them all)");
                return ExitCodes.Success;
            }

            if (comparison.Params.Count > 0)
            {
                ComparisonOutput.WriteParams(Console.Out, comparison.Params);
                Console.WriteLine();
            }

            if (comparison.Metrics.Count > 0)
            {
                ComparisonOutput.WriteMetrics(Console.Out, comparison.Metrics);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
