namespace PipelineBuild.Core.Execution;

/// <summary>An error after the steps of a run (publishing, recording), with the exit code it calls for.</summary>
public sealed record RunProblem(string Message, int ExitCode);
