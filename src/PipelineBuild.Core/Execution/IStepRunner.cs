using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// One kind of step (host, container, .NET task, notebook). A runner is composed once and keeps no run's
/// state: <see cref="Begin"/> opens it for one run or plan, and what that run makes ready lives in the session.
/// </summary>
public interface IStepRunner
{
    bool CanRun(StepDefinition step);

    /// <summary><c>validate</c>: what this runner can check of <paramref name="steps"/> without building anything.</summary>
    void Check(PipelineDefinition pipeline, IEnumerable<StepDefinition> steps, DiagnosticBag diagnostics)
    {
    }

    /// <summary>
    /// Opens the runner for one run (or plan) of <paramref name="pipeline"/>: images built, the task project
    /// built, kernels probed and warm processes started for that run live in the session and end with it.
    /// </summary>
    IStepRunnerSession Begin(PipelineDefinition pipeline);
}
