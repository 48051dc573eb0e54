using System.Runtime.InteropServices;

namespace PipelineBuild.EndToEnd.Tests.Swarm;

/// <summary>
/// <c>run --executor swarm</c> on the real three-node swarm of build/swarm-up.sh: each container step that must run is one
/// replicated-job service; its log, exit code and cleanup are those of a local container step (docs/cluster.md).
/// </summary>
public sealed partial class SwarmJobTests
{
    private const int SigInt = 2;
    private const int SigKill = 9;

    [SwarmFact]
    public void Should_spread_a_fan_out_over_all_three_nodes_and_say_in_the_report_where_each_step_ran()
    {
        SwarmCluster.EnsureAvailable();
        using var scenario = new SwarmScenario(FanOut(9, "sleep 2; echo part $PART on $(hostname)"));

        var (result, report) = scenario.Run("--jobs", "9");

        Assert.True(result.ExitCode == 0, result.ToString());
        var nodes = Enumerable.Range(1, 9).Select(i => report.Node($"fan.part[i={i}]")).ToList();
        Assert.All(nodes, n => Assert.StartsWith("pbnode", n, StringComparison.Ordinal));
        Assert.Equal(3, nodes.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("[fan.part[i=4]] part 4 on pbnode", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(SwarmCluster.ServicesOf(scenario.Root));
    }

    [SwarmFact]
    public void Should_say_in_status_that_container_steps_run_on_the_swarm_and_host_steps_here()
    {
        SwarmCluster.EnsureAvailable();
        using var scenario = new SwarmScenario(FanOut(1, "true") + """
              here:
                steps:
                  local: { run: "true" }
            """);

        var status = scenario.Tool("status", "--swarm-host", SwarmCluster.ManagerHost, "--registry", SwarmCluster.Registry);

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Matches(@"fan\.part\[i=1\]\s+run\s+swarm\s", status.Stdout);
        Assert.Matches(@"here\.local\s+run\s+local\s", status.Stdout);
        Assert.Empty(SwarmCluster.ServicesOf(scenario.Root));
    }

    [SwarmFact]
    public void Should_fail_a_step_whose_command_fails_with_exit_1_its_log_tail_and_no_service_left()
    {
        SwarmCluster.EnsureAvailable();
        using var scenario = new SwarmScenario(FanOut(1, "echo about to fail; echo boom-$PART >&2; exit 3"));

        var (result, report) = scenario.Run();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("failed", report.State("fan.part[i=1]"));
        Assert.Contains("exit code 3", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains("boom-1", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Empty(SwarmCluster.ServicesOf(scenario.Root));
    }

    [SwarmFact]
    public void Should_exit_3_naming_the_registry_when_the_registry_is_down()
    {
        SwarmCluster.EnsureAvailable();
        using var scenario = new SwarmScenario(FanOut(1, "true"));
        const string Down = "10.213.0.2:5999";

        var result = scenario.Tool(["run", .. SwarmScenario.ClusterOptions(Down)]);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains(Down, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains("PB8413", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Empty(SwarmCluster.ServicesOf(scenario.Root));
    }

    [SwarmFact]
    public void Should_leave_no_service_on_the_swarm_after_ctrl_c()
    {
        SwarmCluster.EnsureAvailable();
        using var scenario = new SwarmScenario(FanOut(2, "sleep 120"));
        using var tool = scenario.Start("--jobs", "2");
        scenario.WaitForService(tool);

        Assert.Equal(0, Kill(tool.Id, SigInt));
        Assert.True(tool.WaitForExit(TimeSpan.FromMinutes(1)), "the tool did not stop after SIGINT");

        Assert.Equal(130, tool.ExitCode);
        Assert.Empty(SwarmCluster.ServicesOf(scenario.Root));
    }

    [SwarmFact]
    public void Should_remove_the_services_a_killed_run_left_at_the_next_run()
    {
        SwarmCluster.EnsureAvailable();
        using var scenario = new SwarmScenario(FanOut(1, "sleep 120"));
        using (var tool = scenario.Start())
        {
            scenario.WaitForService(tool);
            Assert.Equal(0, Kill(tool.Id, SigKill));
            tool.WaitForExit();
        }

        Assert.Single(SwarmCluster.ServicesOf(scenario.Root));
        scenario.Workspace.Write("pipeline.yaml", FanOut(1, "echo second"));
        var (result, _) = scenario.Run();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("removed 1 swarm service(s) left by an earlier run", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Empty(SwarmCluster.ServicesOf(scenario.Root));
    }

    /// <summary>A matrix of <paramref name="count"/> container steps on the swarm; <c>$PART</c> is the cell's number.</summary>
    internal static string FanOut(int count, string command) => """
        pipeline: fan
        executor: swarm
        stages:
          fan:
            image: local/busybox:1
            steps:
              part:
                matrix: { i: [CELLS] }
                env: { PART: "${{ matrix.i }}" }
                run: COMMAND

        """.Replace("CELLS", string.Join(", ", Enumerable.Range(1, count)), StringComparison.Ordinal).Replace("COMMAND", command, StringComparison.Ordinal);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
