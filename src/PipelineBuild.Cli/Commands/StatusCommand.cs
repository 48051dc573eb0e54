using System.CommandLine;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Diagnostics;

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
        var exitCode = new Option<bool>("--exit-code") { Description = "Exit with 1 when a run would run or restore a step (a CI gate), 0 when everything is up to date" };
        var executors = new ExecutorSettings();
        var command = new Command("status", "Show what a run would do for each step, where, and why") { file, parameters, paramsFile, json, exitCode };
        foreach (var option in executors.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var (pipeline, graph) = PipelineOpener.Open(parse.GetValue(file), parse.GetValue(parameters), parse.GetValue(paramsFile), executor: executors.ExecutorOf(parse));
            var plan = await ToolSession.Create(executors.Resolve(parse)).PlanAsync(pipeline, graph, force: false, new SilentObserver(), cancellationToken).ConfigureAwait(false);
            PlanPrinter.Print(plan, parse.GetValue(json));
            return parse.GetValue(exitCode) && !plan.IsUpToDate ? ExitCodes.OutOfDate : ExitCodes.Success;
        });
        return command;
    }
}
