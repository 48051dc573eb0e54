using System.CommandLine;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Commands;

/// <summary><c>dotnet pipeline compare A B [--all] [--json]</c>: params and metrics of two runs, with deltas.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var a = RunHistory.RunArgument("RUN_A", "The old run (id, prefix, latest~N)");
        var b = RunHistory.RunArgument("RUN_B", "The new run (id, prefix, latest)");
        var all = new Option<bool>("--all", "-a") { Description = "Show unchanged params and metrics too" };
        var json = CommonOptions.Json();
        var command = new Command("compare", "Compare the params and metrics of two runs") { a, b, all, json };
        command.SetAction(parse =>
        {
            using var store = RunHistory.TryOpen(parse);
            var comparison = RunComparison.Of(RunHistory.Get(store, parse.GetValue(a)!), RunHistory.Get(store, parse.GetValue(b)!), parse.GetValue(all));
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
