namespace PipelineBuild.TaskHost;

/// <summary>How the host process ends; the tool reads the result file for details.</summary>
internal static class HostExitCodes
{
    public const int Succeeded = 0;
    public const int TaskFailed = 1;
    public const int Usage = 2;
    public const int LoadFailed = 3;
    public const int Cancelled = 130;
}
