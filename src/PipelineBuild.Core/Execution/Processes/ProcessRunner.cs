namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// Runs a program to completion in a session and process group of its own, each output line to a
/// callback. Cancellation stops the whole group (SIGTERM, then SIGKILL after a grace period); after
/// the main process exits, what it left in its group is sent SIGTERM, since it would hold the pipes open.
/// Host steps, task hosts and task project builds all start this way; the <see cref="GroupWatcher"/> holds the group
/// while it runs and stops it if the tool dies.
/// </summary>
public static class ProcessRunner
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(3);

    /// <summary>The exit code (128 + signal when a signal ended it). Throws <see cref="IOException"/> when the program cannot start.</summary>
    public static Task<int> RunAsync(ProcessSpec spec, Action<string, bool> onLine, CancellationToken cancellationToken) =>
        RunAsync(spec, onLine, StepProcessLauncher.Start, cancellationToken);

    /// <summary>As above, the process started by <paramref name="start"/> (tests run each launcher through the same runner).</summary>
    internal static async Task<int> RunAsync(
        ProcessSpec spec, Action<string, bool> onLine, Func<ProcessSpec, Action<string, bool>, IStepProcess> start, CancellationToken cancellationToken)
    {
        // The watcher runs before the first step does: from a step's start to its group being held is then one pipe write.
        GroupWatcher.Shared.Prepare();
        using var process = start(spec, onLine);
        // A pipeline's members lead a group each: every one is held and recorded, as a step's one process is.
        if (process.LeadsGroup)
        {
            foreach (var id in process.Ids)
            {
                GroupWatcher.Shared.Watch(id);
            }
        }

        if (spec.RecordFolder is { } records)
        {
            foreach (var id in process.Ids)
            {
                ProcessGroupRecords.Record(records, id);
            }
        }

        try
        {
            return await process.Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(process).ConfigureAwait(false);
            throw;
        }
        finally
        {
            process.SignalGroup(ProcessSignals.SigTerm);
            if (process.LeadsGroup)
            {
                foreach (var id in process.Ids)
                {
                    GroupWatcher.Shared.Release(id);
                }
            }

            // Lines the callback failed on, or a group that still holds the pipes after the grace period, end the wait alike.
            await process.OutputEnded.WaitAsync(GracePeriod, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (spec.RecordFolder is { } folder)
            {
                foreach (var id in process.Ids)
                {
                    ProcessGroupRecords.Remove(folder, id);
                }
            }
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
