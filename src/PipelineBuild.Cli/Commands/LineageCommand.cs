using System.CommandLine;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Commands;

/// <summary><c>dotnet pipeline lineage NAME@VERSION [--json]</c>: what made an artifact version.</summary>
internal static class LineageCommand
{
    public static Command Create()
    {
        var reference = ArtifactsCommand.ReferenceArgument("NAME@VERSION, NAME@ALIAS or NAME (the newest)");
        var json = CommonOptions.Json();
        var command = new Command("lineage", "Show what made an artifact version: run, steps, inputs with digests, upstream artifacts") { reference, json };
        command.SetAction(parse =>
        {
            var store = ArtifactsCommand.OpenStore(parse);
            var manifest = store.Resolve(ArtifactReference.Parse(parse.GetValue(reference)!));
            if (parse.GetValue(json))
            {
                RunJson.ToConsole(writer => LineageJson.Write(writer, manifest));
            }
            else
            {
                LineageText.WriteTree(Console.Out, manifest);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
