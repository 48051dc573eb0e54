namespace PipelineBuild.Core.Execution.Processes;

/// <summary>What to start: a program (looked up on PATH), its arguments, the folder, and environment additions.</summary>
public sealed record ProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> EnvironmentOverrides);
