using PipelineBuild.Cli.Ci;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Cli.Composition;

/// <summary>The CI system's log protocol when there is one; else live progress for a person at a terminal, plain lines for logs and pipes.</summary>
internal static class RunReporters
{
    public static IRunReporter Create(bool verbose) =>
        IsInteractive() ? new LiveRunReporter(verbose) : new PlainRunReporter(Console.Out, verbose);

    public static IRunReporter Create(bool verbose, ICiProvider? ci, PipelineDefinition pipeline) =>
        ci is null ? Create(verbose) : new CiRunReporter(ci, Console.Out, pipeline, verbose);

    private static bool IsInteractive() =>
        !Console.IsOutputRedirected
        && Environment.GetEnvironmentVariable("CI") is null
        && Environment.GetEnvironmentVariable("TERM") is not "dumb";
}
