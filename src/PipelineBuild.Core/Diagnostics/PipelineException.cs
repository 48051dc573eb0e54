namespace PipelineBuild.Core.Diagnostics;

/// <summary>A user-facing error: a stable code, an exit code, and a message that says what, where and what to do.</summary>
public class PipelineException : Exception
{
    public PipelineException(string code, string message, int exitCode = ExitCodes.InvalidInput, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        ExitCode = exitCode;
    }

    public string Code { get; }

    public int ExitCode { get; }
}
