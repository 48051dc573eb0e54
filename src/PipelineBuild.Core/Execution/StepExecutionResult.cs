namespace PipelineBuild.Core.Execution;

/// <summary>How one attempt ended: the exit code, and a message when the runner itself stopped it.</summary>
public sealed record StepExecutionResult(int ExitCode, string? Error = null)
{
    public bool Succeeded => ExitCode == 0 && Error is null;
}
