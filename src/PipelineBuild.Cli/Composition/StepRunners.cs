using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Model;
using PipelineBuild.Docker;
using PipelineBuild.Notebooks;
using PipelineBuild.TaskRunner;

namespace PipelineBuild.Cli.Composition;

/// <summary>The runners this build of the tool has.</summary>
internal static class StepRunners
{
    public static IReadOnlyList<IStepRunner> Create() =>
        [new HostStepRunner(), new DockerStepRunner(), new DotNetTaskRunner(DotNetHost.Locate(), static line => Console.Error.WriteLine(line)),
         new NotebookStepRunner(new NotebookDriver(static () => JupyterPython.Locate(Environment.GetEnvironmentVariable)))];

    /// <summary>The checks <see cref="ValidateAsync"/> can make without building anything (<c>validate</c>).</summary>
    public static void Check(IReadOnlyList<IStepRunner> runners, PipelineDefinition pipeline, StepGraph graph)
    {
        var diagnostics = new Core.Diagnostics.DiagnosticBag();
        foreach (var runner in runners.OfType<DotNetTaskRunner>())
        {
            runner.Check(pipeline, graph.Steps, diagnostics);
        }

        diagnostics.ThrowIfErrors();
    }

    /// <summary>
    /// What can only be checked with the runners' help, before anything runs: .NET task names (which
    /// needs the task project built). Throws PipelineException / PipelineValidationException.
    /// </summary>
    public static async Task ValidateAsync(IReadOnlyList<IStepRunner> runners, PipelineDefinition pipeline, StepGraph selection, CancellationToken cancellationToken)
    {
        foreach (var runner in runners.OfType<DotNetTaskRunner>())
        {
            await runner.ValidateAsync(pipeline, selection.Steps, cancellationToken).ConfigureAwait(false);
        }
    }
}
