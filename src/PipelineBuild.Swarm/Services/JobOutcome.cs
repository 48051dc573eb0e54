namespace PipelineBuild.Swarm.Services;

/// <summary>How a swarm job's task ended, read from its state (<see cref="TaskReading"/>).</summary>
public abstract record JobOutcome
{
    private JobOutcome()
    {
    }

    /// <summary>The command ran to an exit code (0 or not).</summary>
    public sealed record Exited(int ExitCode) : JobOutcome;

    /// <summary>The task never ran its command to an end: the image could not be pulled, the container not started, the task stopped.</summary>
    public sealed record Failed(string Reason) : JobOutcome;

    /// <summary>The node running the task went down, or the task was orphaned: the job is submitted again within the step's retries.</summary>
    public sealed record Lost(string Node, string Reason) : JobOutcome;

    /// <summary>No node can take the task: its placement constraints match none.</summary>
    public sealed record Unschedulable(string Reason) : JobOutcome;
}
