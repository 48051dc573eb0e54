using System.CommandLine;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Commands;

/// <summary><c>dotnet pipeline params diff A B [--all] [--json]</c>: the params two runs used.</summary>
internal static class ParamsCommand
{
    public static Command Create()
    {
        var a = RunHistory.RunArgument("RUN_A", "The old run (id, prefix, latest~N)");
        var b = RunHistory.RunArgument("RUN_B", "The new run (id, prefix, latest)");
        var all = new Option<bool>("--all", "-a") { Description = "Show unchanged params too" };
        var json = CommonOptions.Json();
        var diff = new Command("diff", "Show the params that differ between two runs") { a, b, all, json };
        diff.SetAction(parse =>
        {
            using var store = RunHistory.TryOpen(parse);
            var comparison = RunComparison.Of(RunHistory.Get(store, parse.GetValue(a)!), RunHistory.Get(store, parse.GetValue(b)!), parse.GetValue(all));
            if (parse.GetValue(json))
            {
                RunJson.ToConsole(writer => ComparisonOutput.WriteParamsJson(writer, comparison.Params));
            }
            else if (comparison.Params.Count == 0)
            {
                Console.WriteLine("no param changed (--all shows them all)");
            }
            else
            {
                ComparisonOutput.WriteParams(Console.Out, comparison.Params);
            }

            return ExitCodes.Success;
        });
        return new Command("params", "Params used by runs") { diff };
    }
}
