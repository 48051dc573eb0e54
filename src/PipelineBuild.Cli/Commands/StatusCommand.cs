using System.CommandLine;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;

namespace PipelineBuild.Cli.Commands;

/// <summary><c>dotnet pipeline status</c>: per step, up-to-date / restore / run, and why.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var file = CommonOptions.File();
        var parameters = CommonOptions.Param();
        var paramsFile = CommonOptions.ParamsFile();
        var json = CommonOptions.Json();
        var command = new Command("status", "Show what a run would do for each step, and why") { file, parameters, paramsFile, json };
        command.SetAction(parse =>
        {
            var (pipeline, graph) = PipelineOpener.Open(parse.GetValue(file), parse.GetValue(parameters), parse.GetValue(paramsFile));
            var plan = new PipelineEngine(StepRunners.Create(), new SilentObserver()).Preview(pipeline, graph, force: false);
            PlanPrinter.Print(plan, parse.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }
}
