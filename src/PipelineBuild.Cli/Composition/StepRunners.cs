using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Execution.Processes;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Model;
using PipelineBuild.Docker;
using PipelineBuild.Notebooks;
using PipelineBuild.TaskRunner;

namespace PipelineBuild.Cli.Composition;

/// <summary>The runners this build of the tool has.</summary>
internal static class StepRunners
{
    /// <summary>The switch that makes every step process start through the portable fallback (CI runs the end-to-end tests both ways).</summary>
    public const string LauncherVariable = "PIPELINEBUILD_PROCESS_LAUNCHER";

    public static IReadOnlyList<IStepRunner> Create()
    {
        var launch = Environment.GetEnvironmentVariable(LauncherVariable) == "managed" ? ProcessLaunch.Managed : ProcessLaunch.Spawn;
        return
        [
            new HostStepRunner(launch), new DockerStepRunner(), new DotNetTaskRunner(DotNetHost.Locate(), static line => Console.Error.WriteLine(line), launch),
            new NotebookStepRunner(new NotebookDriver(static () => JupyterPython.Locate(Environment.GetEnvironmentVariable), launch)),
        ];
    }

    /// <summary>The checks the runners can make without building anything (<c>validate</c>).</summary>
    public static void Check(IReadOnlyList<IStepRunner> runners, PipelineDefinition pipeline, StepGraph graph)
    {
        var diagnostics = new Core.Diagnostics.DiagnosticBag();
        foreach (var runner in runners)
        {
            runner.Check(pipeline, graph.Steps, diagnostics);
        }

        diagnostics.ThrowIfErrors();
    }
}
