using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Cli.Composition;

/// <summary>Takes the container steps of an executor this build has no runner for, and fails each with what to do (exit 2).</summary>
internal sealed class AbsentExecutorRunner : IStepRunner
{
    private readonly Executor _executor;

    public AbsentExecutorRunner(Executor executor)
    {
        _executor = executor;
    }

    public bool CanRun(StepDefinition step) => step.Kind == StepKind.Container && step.Executor == _executor;

    public IStepRunnerSession Begin(PipelineDefinition pipeline) => new Session(_executor);

    private sealed class Session(Executor executor) : IStepRunnerSession
    {
        public Task ValidateAsync(IEnumerable<StepDefinition> steps, CancellationToken cancellationToken)
        {
            var step = steps.FirstOrDefault(s => s.Kind == StepKind.Container && s.Executor == executor);
            return step is null ? Task.CompletedTask : throw new PipelineValidationException([PipelineDiagnostic.Error(
                ExecutorCodes.ExecutorUnavailable,
                step.Location,
                $"step '{step.Id}' runs on executor '{Executors.NameOf(executor)}', which this build of the tool does not have",
                "use --executor local or swarm, or export the steps for your cluster with 'dotnet pipeline export --format kubernetes' (or argo)")]);
        }

        public Task<StepExecutionResult> RunAsync(StepExecution execution, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"No runner for executor '{Executors.NameOf(executor)}'.");
    }
}
