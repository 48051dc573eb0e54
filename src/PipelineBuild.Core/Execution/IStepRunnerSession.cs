using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// A runner opened for one run or plan (<see cref="IStepRunner.Begin"/>): it makes each shared thing ready
/// at most once for the steps that share it, and releases all of it when disposed at the run's end.
/// </summary>
public interface IStepRunnerSession : IAsyncDisposable
{
    /// <summary>
    /// Before a run, what only this runner can check of the selected <paramref name="steps"/> (.NET task names,
    /// which needs the task project built). Throws <see cref="PipelineValidationException"/> with every problem.
    /// </summary>
    Task ValidateAsync(IEnumerable<StepDefinition> steps, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>What <see cref="PrepareAsync"/> would give, without building or pulling anything (the plan).</summary>
    Task<StepEnvironment> PeekAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken) =>
        CompletedSteps.NoEnvironment;

    /// <summary>
    /// Makes ready what the step runs in before it is fingerprinted (builds or pulls its image, builds
    /// its task project). Throws a <see cref="PipelineException"/> when that fails; exit code 3
    /// when a service is unreachable. What it returns comes back in <see cref="StepExecution.Prepared"/>.
    /// </summary>
    Task<PreparedStep> PrepareAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken) =>
        CompletedSteps.NothingPrepared;

    /// <summary>
    /// True when <see cref="PrepareAsync"/> makes nothing ready and checks nothing (it gives <see cref="PreparedStep.Nothing"/>):
    /// the scheduler then takes a step the plan found up to date at once, without the prepare and the hop to the thread pool
    /// that a step which runs needs. False by default, so that a runner's prepare is never skipped by mistake.
    /// </summary>
    bool PreparesNothing => false;

    /// <summary>Runs the step to completion. Cancellation must stop everything the step started.</summary>
    Task<StepExecutionResult> RunAsync(StepExecution execution, CancellationToken cancellationToken);

    ValueTask IAsyncDisposable.DisposeAsync() => ValueTask.CompletedTask;
}

