namespace PipelineBuild.Cluster.Agent;

/// <summary>A failure of the agent: printed as <c>pipelinebuild-agent: &lt;code&gt; &lt;message&gt;</c>, exited with <see cref="ExitCode"/>.</summary>
public sealed class AgentException : Exception
{
    public AgentException(string code, string message, int exitCode)
        : base(message)
    {
        Code = code;
        ExitCode = exitCode;
    }

    public AgentException()
    {
        Code = ClusterCodes.SpecDamaged;
        ExitCode = AgentExitCodes.Refused;
    }

    public AgentException(string message)
        : this(ClusterCodes.SpecDamaged, message, AgentExitCodes.Refused)
    {
    }

    public AgentException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ClusterCodes.SpecDamaged;
        ExitCode = AgentExitCodes.Refused;
    }

    public string Code { get; }

    public int ExitCode { get; }

    /// <summary>The one line the agent prints on stderr.</summary>
    public string Line => $"{AgentLog.Prefix}{Code} {Message}";
}
