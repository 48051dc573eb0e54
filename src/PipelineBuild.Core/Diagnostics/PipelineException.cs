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

    /// <summary>An error as data; its message is the diagnostic's one canonical text (<see cref="PipelineDiagnostic.ToString"/>).</summary>
    public PipelineException(PipelineDiagnostic diagnostic, int exitCode = ExitCodes.InvalidInput, Exception? inner = null)
        : this(diagnostic.Code, diagnostic.ToString(), exitCode, inner)
    {
        Diagnostic = diagnostic;
    }

    /// <summary>The error as data, when it was raised from one.</summary>
    public PipelineDiagnostic? Diagnostic { get; }

    public string Code { get; }

    public int ExitCode { get; }
}
