using PipelineBuild.Cli.Composition;
using PipelineBuild.TaskRunner.Kept;

namespace PipelineBuild.Cli.Tests.Composition;

/// <summary>Task hosts end with the run by default in any CI job the tool detects, not only where <c>CI=true</c>.</summary>
public sealed class TaskHostDefaultTests
{
    [Theory]
    [InlineData("TF_BUILD", "True", false)]
    [InlineData("GITHUB_ACTIONS", "true", false)]
    [InlineData("CI", "true", false)]
    [InlineData("CI", "TRUE", false)]
    [InlineData("CI", "false", true)]
    [InlineData("TF_BUILD", "False", true)]
    [InlineData("TERM", "xterm", true)]
    public void Should_end_task_hosts_with_the_run_by_default_in_a_CI_job_and_keep_them_elsewhere(string name, string value, bool kept)
    {
        // Given a CI job's environment (Azure Pipelines sets TF_BUILD, and no CI), or a developer's
        var environment = Fixtures.Environment("/repo", (name, value), ("XDG_RUNTIME_DIR", "/run/user/1000"));

        // When the task hosts' lifetime is composed
        var lifetime = StepRunners.TaskHostLifetimeIn(environment);

        // Then they are per-run hosts in CI, else kept for the next run with their sockets in the runtime folder
        Assert.Equal(kept ? new TaskHostLifetime(true, TaskHostLifetime.DefaultIdle, "/run/user/1000") : TaskHostLifetime.PerRun, lifetime);
    }

    [Fact]
    public void Should_keep_task_hosts_in_CI_when_asked_to()
    {
        // Given an Azure Pipelines job that asks for kept hosts
        var environment = Fixtures.Environment("/repo", ("TF_BUILD", "True"), (TaskHostLifetime.Variable, "kept:60"));

        // When the task hosts' lifetime is composed
        var lifetime = StepRunners.TaskHostLifetimeIn(environment);

        // Then the setting wins
        Assert.Equal(new TaskHostLifetime(true, TimeSpan.FromSeconds(60)), lifetime);
    }
}
