using PipelineBuild.Core.Execution.Processes;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// Runs <c>run</c> commands on the host with <c>bash -e -o pipefail -c</c> (or the step's <see cref="StepShell"/>), in a session
/// and process group of their own, so that cancellation stops the step's whole process tree and a
/// Ctrl-C in the terminal reaches the tool, which then stops the steps in order.
/// </summary>
public sealed class HostStepRunner : IStepRunner, IStepRunnerSession
{
    private readonly ProcessLaunch _launch;

    public HostStepRunner(ProcessLaunch launch = ProcessLaunch.Spawn) => _launch = launch;

    public bool CanRun(StepDefinition step) => step.Kind == StepKind.Host;

    /// <summary>Host steps share nothing within a run: the runner is its own session.</summary>
    public IStepRunnerSession Begin(PipelineDefinition pipeline) => this;

    public bool PreparesNothing => true;

    public async Task<StepExecutionResult> RunAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        try
        {
            var exitCode = await ProcessRunner.RunAsync(CreateSpec(execution), execution.Log.Write, cancellationToken).ConfigureAwait(false);
            return new StepExecutionResult(exitCode);
        }
        catch (IOException e)
        {
            return new StepExecutionResult(127, $"{e.Message}; install it or set 'shell:'");
        }
    }

    private ProcessSpec CreateSpec(StepExecution execution)
    {
        var step = execution.Step;
        var shell = StepShell.Of(step);
        return new ProcessSpec(shell.Program, shell.ArgumentsFor(step.Command ?? ""), execution.Layout.Root, step.Env)
        {
            RecordFolder = execution.Layout.ProcessesFolder,
            Launch = _launch,
        };
    }
}
