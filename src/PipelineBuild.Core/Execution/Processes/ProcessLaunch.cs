namespace PipelineBuild.Core.Execution.Processes;

/// <summary>How step processes start: posix_spawn where the platform has it, or always the portable fallback.</summary>
public enum ProcessLaunch
{
    /// <summary>posix_spawn with its own session on Linux; <see cref="ManagedProcess"/> elsewhere.</summary>
    Spawn,

    /// <summary>Always <see cref="ManagedProcess"/> (CI runs the end-to-end tests this way too).</summary>
    Managed,
}
