using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PipelineBuild.Cluster.Agent;

/// <summary>
/// Runs the job's command in the workspace. Its stdout and stderr are the agent's own (inherited, so the executor's
/// log stream carries them byte for byte); a SIGTERM or SIGINT to the agent — often PID 1 of the container, which the
/// kernel shields from signals it does not handle — is passed on to the command, whose exit code the agent returns.
/// </summary>
public static partial class JobCommand
{
    private const int SigTerm = 15;

    /// <summary>Cluster-only variables the command does not see: the job and the cache credentials are the agent's.</summary>
    private static readonly HashSet<string> AgentOnly = [ClusterEnvironment.Job, ClusterEnvironment.CacheUrl, ClusterEnvironment.SecretsFile, .. ClusterEnvironment.CacheSecrets];

    /// <param name="secrets">The secrets the agent read from its secrets file: the command gets them as variables (the cache's credentials excepted).</param>
    public static async Task<int> RunAsync(ClusterJob job, string workingDirectory, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var start = new ProcessStartInfo(job.Command[0]) { WorkingDirectory = workingDirectory, UseShellExecute = false };
        foreach (var argument in job.Command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(AgentOnly.Contains).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in secrets.Where(s => !AgentOnly.Contains(s.Key)))
        {
            start.Environment[name] = value;
        }

        foreach (var (name, value) in job.Environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("no process");
        }
        catch (Win32Exception e)
        {
            throw new AgentException(ClusterCodes.CommandNotStarted, $"cannot start '{job.Command[0]}' in the image: {e.Message}", AgentExitCodes.CommandNotStarted);
        }

        using (process)
        {
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Forward(context, process));
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Forward(context, process));
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode;
        }
    }

    private static void Forward(PosixSignalContext context, Process process)
    {
        context.Cancel = true;
        if (!process.HasExited)
        {
            _ = Kill(process.Id, SigTerm);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
