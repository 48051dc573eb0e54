using System.CommandLine;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Commands;

/// <summary><c>dotnet pipeline metrics show [RUN] [--json]</c>: the metrics a run recorded.</summary>
internal static class MetricsCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("RUN") { Description = "A run id, prefix, latest or latest~N", DefaultValueFactory = _ => "latest" };
        var json = CommonOptions.Json();
        var show = new Command("show", "Show the metrics of a run (default: the latest)") { run, json };
        show.SetAction(parse =>
        {
            using var store = RunHistory.TryOpen(parse);
            var record = RunHistory.Get(store, parse.GetValue(run)!);
            if (parse.GetValue(json))
            {
                RunJson.ToConsole(writer => ArtifactManifestJson.WriteMetrics(writer, record.Metrics));
            }
            else if (record.Metrics.Count == 0)
            {
                Console.WriteLine($"run {record.Id} recorded no metrics; list metrics files under a step's 'metrics:'");
            }
            else
            {
                RunText.WriteMetrics(Console.Out, record.Metrics);
            }

            return ExitCodes.Success;
        });
        return new Command("metrics", "Metrics recorded by runs") { show };
    }
}
