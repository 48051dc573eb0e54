using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Swarm.Services;

/// <summary>A job's outcome as a step attempt's result, reported as a local container step's would be.</summary>
public static class JobResults
{
    /// <summary>The exit code of a container killed by SIGKILL, which is what the kernel's OOM killer sends.</summary>
    private const int Killed = 137;

    /// <summary>What a step reports when its job never ran its command to an end (as <c>docker run</c> does).</summary>
    private const int NotRun = 125;

    public static StepExecutionResult Of(JobRun run, StepDefinition step) => run.Outcome switch
    {
        JobOutcome.Exited { ExitCode: 0 } => new StepExecutionResult(0),
        JobOutcome.Exited { ExitCode: Killed } when step.Resources?.MemoryBytes is { } memory =>
            new StepExecutionResult(Killed, $"killed on node {run.Node} (exit 137), most likely for using more memory than its limit (resources.memory = {memory} bytes); raise the limit or use less memory"),
        JobOutcome.Exited exited => new StepExecutionResult(exited.ExitCode),
        JobOutcome.Failed failed => new StepExecutionResult(NotRun, $"the swarm job did not run the command{On(run)}: {failed.Reason}"),
        JobOutcome.Lost lost => new StepExecutionResult(NotRun, $"the swarm job was lost: {lost.Reason}{(step.Retries > 0 ? "" : "; give the step 'retries:' to submit it again when a node is lost")}"),
        JobOutcome.Unschedulable unschedulable => new StepExecutionResult(NotRun, $"error {SwarmCodes.Unschedulable}: no swarm node can take the step ({unschedulable.Reason}); check its placement ({string.Join(", ", step.Placement)}) against the nodes' labels ('docker node inspect')"),
        _ => throw new InvalidOperationException($"Unknown job outcome {run.Outcome}."),
    };

    private static string On(JobRun run) => run.Node is null ? "" : $" on node {run.Node}";
}
