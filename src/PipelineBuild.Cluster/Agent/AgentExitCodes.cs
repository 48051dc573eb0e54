namespace PipelineBuild.Cluster.Agent;

/// <summary>
/// The agent's own exit codes, for a failure of the agent rather than of the command (whose exit code the agent
/// exits with). A command may exit with these too: the <c>pipelinebuild-agent: PBnnnn</c> line on stderr tells them apart.
/// </summary>
public static class AgentExitCodes
{
    /// <summary>The job is refused: bad environment, damaged spec, unsafe path, damaged input.</summary>
    public const int Refused = 120;

    /// <summary>The remote cache did not answer: the job may be retried.</summary>
    public const int CacheUnavailable = 121;

    /// <summary>The command cannot be started.</summary>
    public const int CommandNotStarted = 122;

    /// <summary>The command exited 0 but its outputs could not be recorded or uploaded.</summary>
    public const int OutputsFailed = 123;
}
