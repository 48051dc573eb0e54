using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.Core.Execution;

/// <summary>Runs one step somewhere: a host process, a container, a .NET task host.</summary>
public interface IStepRunner
{
    bool CanRun(StepDefinition step);

    /// <summary>
    /// Makes ready what the step runs in before it is fingerprinted (builds or pulls its image, builds
    /// its task project), at most once per run for steps that share it. Throws a
    /// <see cref="Diagnostics.PipelineException"/> when that fails; exit code 3 when a service is unreachable.
    /// What it returns comes back in <see cref="StepExecution.Prepared"/>: the runner keeps no per-run state itself.
    /// </summary>
    Task<PreparedStep> PrepareAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken) =>
        Task.FromResult(PreparedStep.Nothing);

    /// <summary>What <see cref="PrepareAsync"/> would give, without building or pulling anything (the plan).</summary>
    Task<StepEnvironment> PeekAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken) =>
        Task.FromResult(StepEnvironment.None);

    /// <summary><c>validate</c>: what this runner can check of <paramref name="steps"/> without building anything.</summary>
    void Check(PipelineDefinition pipeline, IEnumerable<StepDefinition> steps, DiagnosticBag diagnostics)
    {
    }

    /// <summary>
    /// Before a run, what only this runner can check of the selected <paramref name="steps"/> (.NET task names,
    /// which needs the task project built). Throws <see cref="PipelineValidationException"/> with every problem.
    /// </summary>
    Task ValidateAsync(PipelineDefinition pipeline, IEnumerable<StepDefinition> steps, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Runs the step to completion. Cancellation must stop everything the step started.</summary>
    Task<StepExecutionResult> RunAsync(StepExecution execution, CancellationToken cancellationToken);
}
