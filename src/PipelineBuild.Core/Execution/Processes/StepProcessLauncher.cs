namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// Starts step processes: with posix_spawn and POSIX_SPAWN_SETSID on Linux (one fork+exec, the new
/// session made by the C library), their output and exit watched by the one <see cref="ChildProcessLoop"/> where
/// the kernel has pidfds (else by two pipe streams and a thread per process), else through <see cref="System.Diagnostics.Process"/> behind
/// <c>setsid</c> when it exists. The difference matters: for a pipeline of many small steps, an extra
/// exec of <c>setsid</c> per step costs as much CPU as the step's own command.
/// </summary>
internal static class StepProcessLauncher
{
    /// <summary>Starts the process; each line it writes goes to <paramref name="onLine"/> (true: from stderr), from any thread.</summary>
    public static IStepProcess Start(ProcessSpec spec, Action<string, bool> onLine) =>
        !UsesSpawn(spec.Launch) ? ManagedProcess.Start(spec, onLine)
        : ChildProcessLoop.IsSupported ? PolledProcess.Start(spec, onLine)
        : SpawnedProcess.Start(spec, onLine);

    /// <summary>Starts a pipeline's members (only where <see cref="StartsPipelines"/>); their lines go to <paramref name="onLine"/>.</summary>
    public static IStepProcess Start(PipelineSpec pipeline, Action<string, bool> onLine) => PolledProcess.Start(pipeline, onLine);

    /// <summary>Whether a pipeline can start without a shell: posix_spawn, and the loop that watches several exits as one step.</summary>
    public static bool StartsPipelines(ProcessLaunch launch) => UsesSpawn(launch) && ChildProcessLoop.IsSupported;

    /// <summary>
    /// Whether every program that fails to start (missing, not executable, not a program) is reported as
    /// <see cref="ProgramNotStartedException"/> before anything ran: posix_spawn says so; behind <c>setsid</c> only a
    /// missing program is.
    /// </summary>
    public static bool ReportsEveryFailedStart(ProcessLaunch launch) => UsesSpawn(launch);

    private static bool UsesSpawn(ProcessLaunch launch) => launch == ProcessLaunch.Spawn && PosixSpawner.IsSupported;
}
