using PipelineBuild.Core.Execution.Processes;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// Runs <c>run</c> commands on the host with <c>bash -e -o pipefail -c</c> (or the step's <see cref="StepShell"/>), in a session
/// and process group of their own, so that cancellation stops the step's whole process tree and a
/// Ctrl-C in the terminal reaches the tool, which then stops the steps in order. A <see cref="SimpleCommand"/> under the
/// default shell starts without it: bash would only exec it (see <see cref="StartsDirectly"/>); so does a
/// <see cref="SimplePipeline"/>, whose members the tool connects as bash would (see <see cref="StartsAsPipeline"/>).
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
        if (StartsDirectly(execution.Step, _launch) is { } words)
        {
            try
            {
                return new StepExecutionResult(await RunAsync(DirectSpec(execution, words), execution, cancellationToken).ConfigureAwait(false));
            }
            catch (ProgramNotStartedException)
            {
                // Nothing ran: bash runs it instead, and says what is wrong the way users know (e.g. "command not found", 127).
            }
        }
        else if (StartsAsPipeline(execution.Step, _launch) is { } pipeline)
        {
            try
            {
                var spec = PipelineSpecOf(execution, pipeline);
                return new StepExecutionResult(
                    await ProcessRunner.RunAsync(spec.Process, execution.Log.Write, (_, onLine) => StepProcessLauncher.Start(spec, onLine), cancellationToken).ConfigureAwait(false));
            }
            catch (ProgramNotStartedException)
            {
                // Nothing ran (a member started and killed before it could read anything aside): bash runs it instead,
                // and reports a missing program or a redirect file it cannot open the way users know.
            }
        }

        try
        {
            return new StepExecutionResult(await RunAsync(ShellSpec(execution), execution, cancellationToken).ConfigureAwait(false));
        }
        catch (IOException e)
        {
            return new StepExecutionResult(127, $"{e.Message}; install it or set 'shell:'");
        }
    }

    /// <summary>
    /// The words to exec for a step whose command bash would only exec, or null when it must go through its shell: the
    /// step may start without bash (<see cref="MayStartWithoutShell"/>) and the launcher reports a failed start before
    /// anything runs.
    /// </summary>
    public static string[]? StartsDirectly(StepDefinition step, ProcessLaunch launch) =>
        MayStartWithoutShell(step) && StepProcessLauncher.ReportsEveryFailedStart(launch)
            ? SimpleCommand.TryParse(step.Command ?? "")
            : null;

    /// <summary>
    /// The pipeline to start without bash for a step whose command is a <see cref="SimplePipeline"/>, or null: the step
    /// may start without bash (<see cref="MayStartWithoutShell"/>) and the launcher can watch several processes as one step.
    /// </summary>
    public static SimplePipeline? StartsAsPipeline(StepDefinition step, ProcessLaunch launch) =>
        MayStartWithoutShell(step) && StepProcessLauncher.StartsPipelines(launch)
            ? SimplePipeline.TryParse(step.Command ?? "")
            : null;

    /// <summary>
    /// Whether the tool may do what bash would for this step: it names no <c>shell:</c>, the default is bash, and nothing in
    /// the environment changes what bash would do first (<c>BASH_ENV</c>, exported functions, options, a step's own <c>PATH</c>).
    /// </summary>
    private static bool MayStartWithoutShell(StepDefinition step) =>
        step.Shell is null
        && StepShell.Of(step).Program == "bash"
        && !BashEnvironment.Changes(step.Env);

    private static Task<int> RunAsync(ProcessSpec spec, StepExecution execution, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(spec, execution.Log.Write, cancellationToken);

    private ProcessSpec ShellSpec(StepExecution execution)
    {
        var step = execution.Step;
        var shell = StepShell.Of(step);
        return new ProcessSpec(shell.Program, shell.ArgumentsFor(step.Command ?? ""), execution.Layout.Root, step.Env)
        {
            RecordFolder = execution.Layout.ProcessesFolder,
            Launch = _launch,
        };
    }

    /// <summary>The members, each with <c>PWD</c> set to the folder they run in, as bash would have set it.</summary>
    private PipelineSpec PipelineSpecOf(StepExecution execution, SimplePipeline pipeline)
    {
        var first = pipeline.Members[0];
        return new PipelineSpec(DirectSpec(execution, first), pipeline.Members, pipeline.Input, pipeline.Output, pipeline.Appends);
    }

    /// <summary>The program and its arguments, with <c>PWD</c> set to the folder it runs in, as bash would have set it.</summary>
    private ProcessSpec DirectSpec(StepExecution execution, string[] words)
    {
        var environment = new Dictionary<string, string>(execution.Step.Env, StringComparer.Ordinal)
        {
            ["PWD"] = Path.TrimEndingDirectorySeparator(execution.Layout.Root),
        };
        return new ProcessSpec(words[0], words[1..], execution.Layout.Root, environment)
        {
            RecordFolder = execution.Layout.ProcessesFolder,
            Launch = _launch,
        };
    }
}
