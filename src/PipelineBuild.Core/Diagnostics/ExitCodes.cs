namespace PipelineBuild.Core.Diagnostics;

/// <summary>The process exit codes (docs/reference/exit-codes.md).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int StepFailed = 1;

    /// <summary><c>status --exit-code</c>: something would run or be restored.</summary>
    public const int OutOfDate = 1;
    public const int InvalidInput = 2;
    public const int ServiceUnavailable = 3;
    public const int Interrupted = 130;
    public const int Terminated = 143;
}
