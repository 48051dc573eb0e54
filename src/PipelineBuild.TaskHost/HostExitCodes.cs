namespace PipelineBuild.TaskHost;

/// <summary>How the host process ends; the tool reads the result file for details.</summary>
internal static class HostExitCodes
{
    public const int Succeeded = 0;
    public const int TaskFailed = 1;
    public const int Usage = 2;
    public const int LoadFailed = 3;
    public const int Cancelled = 130;

    /// <summary><c>nuget-push</c>: the source already has the package's id and version (nothing pushed).</summary>
    public const int AlreadyThere = 10;

    /// <summary><c>nuget-push</c>: the source answered and refused the package (bad key, bad package).</summary>
    public const int Refused = 11;

    /// <summary><c>nuget-push</c>: the source cannot be reached.</summary>
    public const int Unreachable = 12;
}
