namespace PipelineBuild.Cluster.Agent;

/// <summary>How the agent speaks: lines on stderr, each starting with <see cref="Prefix"/>, so a job's log tells them from the command's.</summary>
public sealed class AgentLog
{
    public const string Prefix = "pipelinebuild-agent: ";

    private readonly TextWriter _error;

    public AgentLog(TextWriter error)
    {
        _error = error;
    }

    public void Write(string message)
    {
        lock (_error)
        {
            _error.WriteLine(Prefix + message);
            _error.Flush();
        }
    }
}
