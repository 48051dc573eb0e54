namespace PipelineBuild.Core.Execution;

/// <summary>Runs one step somewhere: a host process, a container, a .NET task host.</summary>
public interface IStepRunner
{
    bool CanRun(Model.StepDefinition step);

    /// <summary>Runs the step to completion. Cancellation must stop everything the step started.</summary>
    Task<StepExecutionResult> RunAsync(StepExecution execution, CancellationToken cancellationToken);
}
