using System.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// Runs <c>run</c> commands on the host with <c>bash -c</c> (or the step's <c>shell</c>), in a process
/// group of their own, so that cancellation stops the step's whole process tree and a Ctrl-C in the
/// terminal reaches the tool, which then stops the steps in order.
/// </summary>
public sealed class HostStepRunner : IStepRunner
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(3);
    private static readonly string? SetSid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    public bool CanRun(StepDefinition step) => step.Kind == StepKind.Host;

    public async Task<StepExecutionResult> RunAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = CreateStartInfo(execution) };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new StepExecutionResult(127, $"cannot start '{process.StartInfo.FileName}': {e.Message}; install it or set 'shell:'");
        }

        process.StandardInput.Close();
        var stdout = PumpAsync(process.StandardOutput, execution.Log, isError: false);
        var stderr = PumpAsync(process.StandardError, execution.Log, isError: true);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(process).ConfigureAwait(false);
            throw;
        }
        finally
        {
            // Background children left behind by the step would hold its pipes open forever.
            StopGroup(process, ProcessSignals.SigTerm);
            await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(GracePeriod, CancellationToken.None)).ConfigureAwait(false);
        }

        return new StepExecutionResult(process.ExitCode);
    }

    private static ProcessStartInfo CreateStartInfo(StepExecution execution)
    {
        var step = execution.Step;
        var shell = step.Shell ?? (OperatingSystem.IsWindows() ? "pwsh" : "bash");
        var info = new ProcessStartInfo
        {
            WorkingDirectory = execution.Layout.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (SetSid is not null)
        {
            info.FileName = SetSid;
            info.ArgumentList.Add(shell);
        }
        else
        {
            info.FileName = shell;
        }

        info.ArgumentList.Add(shell is "pwsh" or "powershell" ? "-Command" : "-c");
        info.ArgumentList.Add(step.Command ?? "");
        foreach (var (name, value) in step.Env)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private static async Task PumpAsync(StreamReader reader, StepLog log, bool isError)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            log.Write(line, isError);
        }
    }

    private static async Task StopAsync(Process process)
    {
        StopGroup(process, ProcessSignals.SigTerm);
        using var grace = new CancellationTokenSource(GracePeriod);
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            StopGroup(process, ProcessSignals.SigKill);
        }
    }

    private static void StopGroup(Process process, int signal)
    {
        if (SetSid is not null)
        {
            ProcessSignals.SignalGroup(process.Id, signal);
            return;
        }

        if (signal == ProcessSignals.SigKill || !process.HasExited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}
