using System.CommandLine;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Commands;

/// <summary><c>dotnet pipeline graph</c>: the step graph as Mermaid, Graphviz dot or JSON.</summary>
internal static class GraphCommand
{
    public static Command Create()
    {
        var file = CommonOptions.File();
        var format = new Option<string>("--format")
        {
            Description = "mermaid (default), dot or json",
            DefaultValueFactory = _ => "mermaid",
        };
        format.AcceptOnlyFromAmong("mermaid", "dot", "json");
        var command = new Command("graph", "Print the step graph") { file, format };
        command.SetAction(parse =>
        {
            var (_, graph) = PipelineOpener.Open(parse.GetValue(file), [], null);
            Console.Write(GraphRenderer.Render(graph, parse.GetValue(format) ?? "mermaid"));
            return ExitCodes.Success;
        });
        return command;
    }
}
