namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// Starts step processes: with posix_spawn and POSIX_SPAWN_SETSID on Linux (one fork+exec, the new
/// session made by the C library), else through <see cref="System.Diagnostics.Process"/> behind
/// <c>setsid</c> when it exists. The difference matters: for a pipeline of many small steps, an extra
/// exec of <c>setsid</c> per step costs as much CPU as the step's own command.
/// </summary>
internal static class StepProcessLauncher
{
    public static IStepProcess Start(ProcessSpec spec) =>
        spec.Launch == ProcessLaunch.Spawn && SpawnedProcess.IsSupported ? SpawnedProcess.Start(spec) : ManagedProcess.Start(spec);
}
