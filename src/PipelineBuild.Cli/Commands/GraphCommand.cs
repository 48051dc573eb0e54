using System.CommandLine;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Commands;

/// <summary><c>dotnet pipeline graph</c>: the step graph as Mermaid, Graphviz dot or JSON.</summary>
internal static class GraphCommand
{
    public static Command Create()
    {
        var file = CommonOptions.File();
        var format = new Option<string>("--format")
        {
            Description = "mermaid, dot or json",
            DefaultValueFactory = _ => "mermaid",
        };
        format.AcceptOnlyFromAmong("mermaid", "dot", "json");
        var command = new Command("graph", "Print the step graph") { file, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (pipeline, graph) = PipelineOpener.Open(parse.GetValue(file), [], null);
            var chosen = parse.GetValue(format) ?? "mermaid";
            Console.Write(chosen == "dot" ? GraphRenderer.Dot(graph, await StatesAsync(pipeline, graph, cancellationToken).ConfigureAwait(false)) : GraphRenderer.Render(graph, chosen));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Each step's state: the plan of <c>status</c>, and the failures of the last recorded run.</summary>
    private static async Task<Dictionary<string, StepVisualState>> StatesAsync(Core.Model.PipelineDefinition pipeline, Core.Graph.StepGraph graph, CancellationToken cancellationToken)
    {
        var plan = await ToolSession.Create().PlanAsync(pipeline, graph, force: false, new SilentObserver(), cancellationToken).ConfigureAwait(false);
        HashSet<string> failed;
        using (var store = RunStore.OpenExisting(new WorkspaceLayout(pipeline.WorkspaceRoot).RunsDatabase))
        {
            failed = (store?.List(1).FirstOrDefault()?.Steps ?? []).Where(s => s.State == StepState.Failed).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        }

        return plan.Steps.ToDictionary(
            p => p.Step.Id,
            p => p.IsUpToDate ? StepVisualState.UpToDate : failed.Contains(p.Step.Id) ? StepVisualState.Failed : StepVisualState.WouldRun,
            StringComparer.Ordinal);
    }
}
