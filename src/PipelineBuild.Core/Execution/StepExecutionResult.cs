namespace PipelineBuild.Core.Execution;

/// <summary>
/// How one attempt ended: the exit code, and a message when the runner itself stopped it.
/// <see cref="ServiceUnavailable"/>: a service the step needs (a database server) could not be reached, which makes the run exit 3.
/// </summary>
public sealed record StepExecutionResult(int ExitCode, string? Error = null, bool ServiceUnavailable = false)
{
    /// <summary>The cluster node the attempt ran on (a swarm node's host name, a pod's node); null on the tool's own machine.</summary>
    public string? Where { get; init; }

    /// <summary>The attempt ran elsewhere (a cluster job) and left its outputs in the remote cache under the step's key, not in the workspace: the worker restores them.</summary>
    public bool OutputsInRemoteCache { get; init; }

    public bool Succeeded => ExitCode == 0 && Error is null;
}
