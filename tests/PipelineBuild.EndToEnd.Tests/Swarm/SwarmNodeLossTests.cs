using System.Diagnostics;
using Docker.DotNet.Models;

namespace PipelineBuild.EndToEnd.Tests.Swarm;

/// <summary>
/// Swarm does not reschedule a replicated job whose node is lost (its task stays running or becomes orphaned): the tool
/// sees the node go down and submits the job again, within the step's <c>retries</c>.
/// </summary>
[Collection(SwarmCluster.Collection)]
public sealed class SwarmNodeLossTests
{
    [SwarmFact]
    public void Should_submit_a_step_again_when_the_node_running_it_dies_and_finish_the_run()
    {
        SwarmCluster.EnsureAvailable();
        using var scenario = new SwarmScenario("""
            pipeline: lost
            executor: swarm
            stages:
              work:
                image: local/busybox:1
                steps:
                  long:
                    run: sleep 12; echo finished on $(hostname)
                    retries: 1
                    placement: [node.role==worker]
            """);
        var reportPath = Path.Combine(Path.GetTempPath(), $"pb-report-{Guid.NewGuid():N}.json");
        using var tool = scenario.Start("--report", reportPath);
        string? killed = null;
        try
        {
            scenario.WaitForService(tool);
            killed = NodeOfRunningTask(scenario.Root);

            SwarmCluster.KillEngine(killed);
            Assert.True(tool.WaitForExit(TimeSpan.FromMinutes(3)), "the run did not end after its node was lost");

            var output = tool.StandardOutput.ReadToEnd() + tool.StandardError.ReadToEnd();
            Assert.True(tool.ExitCode == 0, output);
            var report = ReportReader.Read(reportPath);
            Assert.Equal("ran", report.State("work.long"));
            Assert.NotEqual(killed, report.Node("work.long"));
            Assert.Contains("attempt 2 of 2", File.ReadAllText(Directory.EnumerateFiles(Path.Combine(scenario.Root, ".pipeline", "logs"), "work.long.log", SearchOption.AllDirectories).Single()), StringComparison.Ordinal);
            Assert.Empty(SwarmCluster.ServicesOf(scenario.Root));
        }
        finally
        {
            File.Delete(reportPath);
            if (killed is not null)
            {
                SwarmCluster.Restore();
            }
        }
    }

    /// <summary>The host name of the node the workspace's one job runs on, once its task is running.</summary>
    private static string NodeOfRunningTask(string workspaceRoot)
    {
        using var client = SwarmCluster.Manager();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            var service = SwarmCluster.ServicesOf(workspaceRoot).Single();
            var tasks = client.Tasks.ListAsync(new TasksListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [service.ID] = true } },
            }).GetAwaiter().GetResult();
            if (tasks.FirstOrDefault(t => t.Status?.State == TaskState.Running) is { NodeID: { } nodeId })
            {
                return client.Swarm.InspectNodeAsync(nodeId).GetAwaiter().GetResult().Description!.Hostname!;
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException("the job's task did not start running within a minute");
    }
}
