using PipelineBuild.Cli.Ci;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Composition;

/// <summary>The CI system's log protocol when there is one; else live progress for a person at a terminal, plain lines for logs and pipes.</summary>
internal static class RunReporters
{
    public static IRunReporter Create(bool verbose, RunProgress? progress = null) =>
        IsInteractive() ? new LiveRunReporter(verbose, progress) : new PlainRunReporter(Console.Out, verbose, progress);

    /// <summary>For <c>run</c>: progress with an estimate from the previous durations of the selected steps.</summary>
    public static IRunReporter Create(bool verbose, ICiProvider? ci, PipelineDefinition pipeline, IReadOnlyCollection<string> stepIds) =>
        ci is null
            ? Create(verbose, new RunProgress(stepIds, () => RunProgress.PreviousDurations(new WorkspaceLayout(pipeline.WorkspaceRoot).RunsDatabase)))
            : new CiRunReporter(ci, Console.Out, pipeline, verbose);

    private static bool IsInteractive() =>
        !Console.IsOutputRedirected
        && Environment.GetEnvironmentVariable("CI") is null
        && Environment.GetEnvironmentVariable("TERM") is not "dumb";
}
