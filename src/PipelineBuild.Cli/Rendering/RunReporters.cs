namespace PipelineBuild.Cli.Rendering;

/// <summary>Live progress for a person at a terminal; plain lines for logs, pipes and CI.</summary>
internal static class RunReporters
{
    public static IRunReporter Create(bool verbose) =>
        IsInteractive() ? new LiveRunReporter(verbose) : new PlainRunReporter(Console.Out, verbose);

    private static bool IsInteractive() =>
        !Console.IsOutputRedirected
        && Environment.GetEnvironmentVariable("CI") is null
        && Environment.GetEnvironmentVariable("TERM") is not "dumb";
}
