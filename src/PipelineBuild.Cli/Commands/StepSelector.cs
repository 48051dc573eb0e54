using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Graph;

namespace PipelineBuild.Cli.Commands;

/// <summary>The steps a run takes: <c>--stage</c>/<c>--step</c> (with their upstream) or <c>--downstream</c> (with their downstream).</summary>
internal static class StepSelector
{
    public const string DownstreamWithOthers = Core.Diagnostics.ToolCodes.DownstreamWithOthers;

    public static StepGraph Select(StepGraph graph, string[] stages, string[] steps, string[] downstream)
    {
        if (downstream.Length == 0)
        {
            return graph.Select(stages, steps);
        }

        if (stages.Length > 0 || steps.Length > 0)
        {
            throw new PipelineException(
                DownstreamWithOthers,
                $"--downstream: error {DownstreamWithOthers}: --downstream cannot be combined with --stage or --step; run them one after the other",
                ExitCodes.InvalidInput);
        }

        return graph.SelectDownstream(downstream);
    }
}
