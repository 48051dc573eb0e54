using System.CommandLine;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Commands;

/// <summary><c>dotnet pipeline validate</c>: parse and check only.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = CommonOptions.File();
        var parameters = CommonOptions.Param();
        var paramsFile = CommonOptions.ParamsFile();
        var command = new Command("validate", "Check the pipeline file and its graph; run nothing") { file, parameters, paramsFile };
        command.SetAction(parse =>
        {
            var (pipeline, graph) = PipelineOpener.Open(parse.GetValue(file), parse.GetValue(parameters), parse.GetValue(paramsFile));
            StepRunners.Check(StepRunners.Create(), pipeline, graph);
            Console.WriteLine($"{pipeline.Name}: valid ({graph.Steps.Count} steps in {pipeline.Stages.Count} stages)");
            return ExitCodes.Success;
        });
        return command;
    }
}
