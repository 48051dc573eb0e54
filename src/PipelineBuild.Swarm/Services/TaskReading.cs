using Docker.DotNet.Models;
using TaskStatus = Docker.DotNet.Models.TaskStatus;

namespace PipelineBuild.Swarm.Services;

/// <summary>
/// What one look at a job's task says: still going (null) or ended, and how. Swarm does not reschedule a replicated job
/// whose node went away — the task stays <c>running</c> or becomes <c>orphaned</c> — so the node's state is read too.
/// </summary>
public static class TaskReading
{
    /// <summary>How long a task may wait because no node satisfies its constraints before the step fails.</summary>
    public static readonly TimeSpan UnschedulableAfter = TimeSpan.FromSeconds(10);

    /// <param name="task">The job's task; null while the orchestrator has not made it yet.</param>
    /// <param name="nodeState">The state of the task's node (<c>ready</c>, <c>down</c>…), null when it has none yet.</param>
    /// <param name="nodeName">The node's host name, for messages.</param>
    /// <param name="waited">How long the job has existed.</param>
    public static JobOutcome? Read(TaskResponse? task, string? nodeState, string nodeName, TimeSpan waited)
    {
        if (task?.Status is not { } status)
        {
            return null;
        }

        switch (status.State)
        {
            case TaskState.Complete:
                return new JobOutcome.Exited(0);
            case TaskState.Failed when status.ContainerStatus is { ExitCode: not 0 } container:
                return new JobOutcome.Exited((int)container.ExitCode);
            case TaskState.Failed or TaskState.Rejected:
                return new JobOutcome.Failed(Describe(status, "the task failed"));
            case TaskState.Orphaned:
                return new JobOutcome.Lost(nodeName, $"its task was orphaned on node {nodeName}");
            case TaskState.Shutdown or TaskState.Remove:
                return new JobOutcome.Failed(Describe(status, "the task was shut down by someone else"));
            case TaskState.Pending when IsUnsatisfiable(status) && waited >= UnschedulableAfter:
                return new JobOutcome.Unschedulable(Describe(status, "no node is suitable"));
            default:
                return string.Equals(nodeState, "down", StringComparison.Ordinal)
                    ? new JobOutcome.Lost(nodeName, $"node {nodeName} went down while the step ran on it")
                    : null;
        }
    }

    /// <summary>Constraints that no node meets make a task wait forever; a lack of free resources is only a queue.</summary>
    private static bool IsUnsatisfiable(TaskStatus status) =>
        (status.Err ?? "").Contains("scheduling constraints not satisfied", StringComparison.Ordinal);

    private static string Describe(TaskStatus status, string fallback) =>
        status.Err is { Length: > 0 } err ? err.Trim() : status.Message is { Length: > 0 } message ? message.Trim() : fallback;
}
