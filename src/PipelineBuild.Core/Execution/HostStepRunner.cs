using PipelineBuild.Core.Execution.Processes;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// Runs <c>run</c> commands on the host with <c>bash -c</c> (or the step's <c>shell</c>), in a session
/// and process group of their own, so that cancellation stops the step's whole process tree and a
/// Ctrl-C in the terminal reaches the tool, which then stops the steps in order.
/// </summary>
public sealed class HostStepRunner : IStepRunner
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(3);

    public bool CanRun(StepDefinition step) => step.Kind == StepKind.Host;

    public async Task<StepExecutionResult> RunAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var spec = CreateSpec(execution);
        IStepProcess process;
        try
        {
            process = StepProcessLauncher.Start(spec);
        }
        catch (IOException e)
        {
            return new StepExecutionResult(127, $"{e.Message}; install it or set 'shell:'");
        }

        using (process)
        {
            var stdout = PumpAsync(process.StandardOutput, execution.Log, isError: false);
            var stderr = PumpAsync(process.StandardError, execution.Log, isError: true);
            int exitCode;
            try
            {
                exitCode = await process.Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await StopAsync(process).ConfigureAwait(false);
                throw;
            }
            finally
            {
                // Background children left behind by the step would hold its pipes open forever.
                process.SignalGroup(ProcessSignals.SigTerm);
                await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(GracePeriod, CancellationToken.None)).ConfigureAwait(false);
            }

            return new StepExecutionResult(exitCode);
        }
    }

    private static ProcessSpec CreateSpec(StepExecution execution)
    {
        var step = execution.Step;
        var shell = step.Shell ?? (OperatingSystem.IsWindows() ? "pwsh" : "bash");
        var flag = shell is "pwsh" or "powershell" ? "-Command" : "-c";
        return new ProcessSpec(shell, [flag, step.Command ?? ""], execution.Layout.Root, step.Env);
    }

    private static async Task PumpAsync(Stream stream, StepLog log, bool isError)
    {
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            log.Write(line, isError);
        }
    }

    private static async Task StopAsync(IStepProcess process)
    {
        process.SignalGroup(ProcessSignals.SigTerm);
        try
        {
            await process.Exited.WaitAsync(GracePeriod).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            process.SignalGroup(ProcessSignals.SigKill);
        }
    }
}
