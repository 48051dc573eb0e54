namespace PipelineBuild.Core.Execution.Processes;

/// <summary>What to start: a program (looked up on PATH), its arguments, the folder, and environment additions.</summary>
public sealed record ProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> EnvironmentOverrides)
{
    /// <summary>Where the running process group is recorded (<c>.pipeline/processes</c>) so a later run can stop it after a crash; null: not recorded.</summary>
    public string? RecordFolder { get; init; }

    /// <summary>How the process starts; the composition root chooses (<c>PIPELINEBUILD_PROCESS_LAUNCHER=managed</c>), never code deep inside.</summary>
    public ProcessLaunch Launch { get; init; }
}
