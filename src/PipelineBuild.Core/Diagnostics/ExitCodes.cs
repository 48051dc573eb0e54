namespace PipelineBuild.Core.Diagnostics;

/// <summary>The process exit codes of SPEC §7.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int StepFailed = 1;
    public const int InvalidInput = 2;
    public const int ServiceUnavailable = 3;
    public const int Interrupted = 130;
    public const int Terminated = 143;
}
