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
    /// </summary>
    Task<StepEnvironment> PrepareAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken) =>
        Task.FromResult(StepEnvironment.None);

    /// <summary>What <see cref="PrepareAsync"/> would give, without building or pulling anything (the plan).</summary>
    Task<StepEnvironment> PeekAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken) =>
        Task.FromResult(StepEnvironment.None);

    /// <summary>Runs the step to completion. Cancellation must stop everything the step started.</summary>
    Task<StepExecutionResult> RunAsync(StepExecution execution, CancellationToken cancellationToken);
}
