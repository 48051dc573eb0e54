using Docker.DotNet.Models;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Docker.Containers;
using PipelineBuild.Swarm.Services;
using TaskStatus = Docker.DotNet.Models.TaskStatus;

namespace PipelineBuild.Swarm.Tests;

public sealed class TaskReadingTests
{
    private static readonly StepDefinition Step = new()
    {
        Id = "s.a",
        Stage = "s",
        Name = "a",
        Kind = StepKind.Container,
        Command = "true",
        Location = new SourceLocation("pipeline.yaml", 1, 1),
    };

    [Fact]
    public void Should_wait_while_there_is_no_task_or_it_runs_on_a_ready_node()
    {
        Assert.Null(TaskReading.Read(null, null, "?", TimeSpan.Zero));
        Assert.Null(TaskReading.Read(Task(TaskState.Running), "ready", "n1", TimeSpan.FromMinutes(5)));
        Assert.Null(TaskReading.Read(Task(TaskState.Pending, err: "no suitable node (insufficient resources on 3 nodes)"), null, "?", TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Should_read_the_exit_code_of_a_completed_or_failed_task()
    {
        Assert.Equal(new JobOutcome.Exited(0), TaskReading.Read(Task(TaskState.Complete), "ready", "n1", TimeSpan.Zero));
        Assert.Equal(new JobOutcome.Exited(3), TaskReading.Read(Task(TaskState.Failed, exitCode: 3, err: "task: non-zero exit (3)"), "ready", "n1", TimeSpan.Zero));
    }

    [Fact]
    public void Should_read_a_rejected_task_as_not_run_with_the_swarms_reason()
    {
        var outcome = TaskReading.Read(Task(TaskState.Rejected, err: "No such image: r/x@sha256:1"), "ready", "n1", TimeSpan.Zero);

        Assert.Equal(new JobOutcome.Failed("No such image: r/x@sha256:1"), outcome);
    }

    [Fact]
    public void Should_read_a_task_on_a_node_that_went_down_or_an_orphaned_task_as_lost()
    {
        Assert.IsType<JobOutcome.Lost>(TaskReading.Read(Task(TaskState.Running), "down", "pbnode2", TimeSpan.Zero));
        Assert.IsType<JobOutcome.Lost>(TaskReading.Read(Task(TaskState.Orphaned), null, "pbnode2", TimeSpan.Zero));
    }

    [Fact]
    public void Should_give_up_on_a_task_whose_constraints_no_node_satisfies_only_after_a_while()
    {
        var pending = Task(TaskState.Pending, err: "no suitable node (scheduling constraints not satisfied on 3 nodes)");

        Assert.Null(TaskReading.Read(pending, null, "?", TimeSpan.FromSeconds(1)));
        Assert.IsType<JobOutcome.Unschedulable>(TaskReading.Read(pending, null, "?", TaskReading.UnschedulableAfter));
    }

    [Fact]
    public void Should_report_an_out_of_memory_kill_and_a_lost_node_as_a_local_step_failure_would_read()
    {
        var oom = JobResults.Of(new JobRun(new JobOutcome.Exited(137), "pbnode3"), Step with { Resources = new ResourceLimits(null, 4_194_304, null) });
        var lost = JobResults.Of(new JobRun(new JobOutcome.Lost("pbnode2", "node pbnode2 went down"), "pbnode2"), Step);
        var ok = JobResults.Of(new JobRun(new JobOutcome.Exited(0), "pbnode1"), Step);

        Assert.Equal(137, oom.ExitCode);
        Assert.Contains("more memory than its limit", oom.Error, StringComparison.Ordinal);
        Assert.False(lost.Succeeded);
        Assert.Contains("give the step 'retries:'", lost.Error, StringComparison.Ordinal);
        Assert.Equal(new StepExecutionResult(0), ok);
    }

    [Fact]
    public void Should_take_the_services_of_earlier_runs_as_leftovers_and_spare_the_current_runs()
    {
        var listed = new[] { Service("live", "now"), Service("old", "before"), Service("unlabelled", null) };

        var leftovers = LeftoverServices.NotOfRun(listed, "now");

        Assert.Equal(["old", "unlabelled"], leftovers.Select(s => s.ID));
    }

    private static TaskResponse Task(TaskState state, long? exitCode = null, string? err = null) => new()
    {
        ID = "t1",
        NodeID = "node1",
        Status = new TaskStatus
        {
            State = state,
            Err = err ?? "",
            ContainerStatus = exitCode is { } code ? new ContainerStatus { ExitCode = code } : new ContainerStatus(),
        },
    };

    private static SwarmService Service(string id, string? run) => new()
    {
        ID = id,
        Spec = new ServiceSpec
        {
            Labels = run is null
                ? new Dictionary<string, string> { [ContainerLabels.Workspace] = "w" }
                : new Dictionary<string, string> { [ContainerLabels.Workspace] = "w", [ContainerLabels.Run] = run },
        },
    };
}
