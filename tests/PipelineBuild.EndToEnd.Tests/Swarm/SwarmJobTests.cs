using System.Runtime.InteropServices;

namespace PipelineBuild.EndToEnd.Tests.Swarm;

/// <summary>
/// <c>run --executor swarm</c> on the real three-node swarm of build/swarm-up.sh: each container step that must run is one
/// replicated-job service; its log, exit code and cleanup are those of a local container step (docs/cluster.md).
/// </summary>
[Collection(SwarmCluster.Collection)]
public sealed partial class SwarmJobTests
{
    private const int SigInt = 2;
    private const int SigKill = 9;

    [SwarmFact]
    public void Should_spread_a_fan_out_over_all_three_nodes_with_outputs_byte_identical_to_a_local_run()
    {
        SwarmCluster.EnsureAvailable();
        const int Parts = 9;
        var pipeline = FanOut(Parts, "sleep 1; mkdir -p out; { cat data/in.txt; echo part $PART; } > out/part-$PART.txt; echo part $PART on $(hostname)", outputs: true);
        using var scenario = new SwarmScenario(pipeline);
        using var local = new SwarmScenario(pipeline);
        foreach (var workspace in new[] { scenario.Workspace, local.Workspace })
        {
            workspace.Write("data/in.txt", "alpha beta\ngamma\n");
        }

        var (result, report) = scenario.Run("--jobs", $"{Parts}");
        var localRun = PipelineTool.Run(local.Root, "run", "--executor", "local");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(localRun.ExitCode == 0, localRun.ToString());
        var nodes = Enumerable.Range(1, Parts).Select(i => report.Node($"fan.part[i={i}]")).ToList();
        Assert.All(nodes, n => Assert.StartsWith("pbnode", n, StringComparison.Ordinal));
        Assert.Equal(3, nodes.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("[fan.part[i=4]] part 4 on pbnode", result.Stdout, StringComparison.Ordinal);
        for (var i = 1; i <= Parts; i++)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(local.Root, "out", $"part-{i}.txt")), File.ReadAllBytes(Path.Combine(scenario.Root, "out", $"part-{i}.txt")));
        }

        Assert.Empty(SwarmCluster.ServicesOf(scenario.Root));
    }

    [SwarmFact]
    public void Should_do_nothing_on_the_cluster_when_run_again_unchanged()
    {
        SwarmCluster.EnsureAvailable();
        using var scenario = new SwarmScenario(FanOut(2, "mkdir -p out; echo $PART > out/part-$PART.txt", outputs: true));
        scenario.Workspace.Write("data/in.txt", "x\n");
        Assert.Equal(0, scenario.Run().Result.ExitCode);
        var since = DateTimeOffset.UtcNow;

        var (result, report) = scenario.Run();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("up-to-date", report.State("fan.part[i=1]"));
        Assert.Equal("up-to-date", report.State("fan.part[i=2]"));
        Assert.Empty(SwarmCluster.ServiceEventsSince(since));
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

        var result = scenario.Tool(["run", .. scenario.ClusterOptions(Down)]);

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

    [SwarmFact]
    public void Should_remove_at_the_end_of_a_run_a_service_of_the_run_that_its_step_did_not_remove()
    {
        SwarmCluster.EnsureAvailable();
        using var scenario = new SwarmScenario(FanOut(1, "sleep 8"));
        using var tool = scenario.Start();
        scenario.WaitForService(tool);
        var job = SwarmCluster.ServicesOf(scenario.Root).Single();

        // A service of this run whose step's own removal failed, as far as the run can tell.
        SwarmCluster.CreateIdleService($"pb-stray-{Guid.NewGuid():N}"[..20], job.Spec!.Labels!);
        Assert.True(tool.WaitForExit(TimeSpan.FromMinutes(2)), "the run did not end");

        var output = tool.StandardOutput.ReadToEnd() + tool.StandardError.ReadToEnd();
        Assert.True(tool.ExitCode == 0, output);
        Assert.Contains("removed 1 swarm service(s) of this run that were still there at its end", output, StringComparison.Ordinal);
        Assert.Empty(SwarmCluster.ServicesOf(scenario.Root));
    }

    [SwarmFact]
    public void Should_not_push_the_job_image_again_when_only_the_step_command_changed()
    {
        SwarmCluster.EnsureAvailable();
        using var scenario = new SwarmScenario(FanOut(1, "mkdir -p out; echo one > out/part-$PART.txt", outputs: true));
        scenario.Workspace.Write("data/in.txt", "x\n");
        var (first, _) = scenario.Run();
        Assert.True(first.ExitCode == 0, first.ToString());
        var pushesBefore = PushLogs(scenario.Root);
        scenario.Workspace.Write("pipeline.yaml", FanOut(1, "mkdir -p out; echo two > out/part-$PART.txt", outputs: true));

        var (second, report) = scenario.Run();

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("ran", report.State("fan.part[i=1]"));
        Assert.Equal("two\n", File.ReadAllText(Path.Combine(scenario.Root, "out", "part-1.txt")));
        Assert.Equal(pushesBefore, PushLogs(scenario.Root));
    }

    [SwarmFact]
    public void Should_give_a_step_its_secret_through_a_swarm_secret_that_service_inspect_does_not_show_and_that_is_removed()
    {
        SwarmCluster.EnsureAvailable();
        const string Value = "s3cr3t-swarm-51c2e8";
        using var scenario = new SwarmScenario("""
            pipeline: fan
            executor: swarm
            secrets: [API_TOKEN]
            stages:
              fan:
                image: local/busybox:1
                steps:
                  part:
                    run: mkdir -p out; printf '%s' ${{ env.API_TOKEN }} | sha256sum > out/sum.txt; sleep 6
                    outputs: [out/sum.txt]
            """);
        using var tool = scenario.StartWith(new Dictionary<string, string> { ["API_TOKEN"] = Value });
        scenario.WaitForService(tool);

        var service = SwarmCluster.ServicesOf(scenario.Root).Single();
        var inspected = SwarmCluster.InspectService(service.ID);
        var mounted = Assert.Single(service.Spec!.TaskTemplate!.ContainerSpec!.Secrets!);
        var secretsWhileRunning = SwarmCluster.SecretsOf(scenario.Root);
        Assert.True(tool.WaitForExit(TimeSpan.FromMinutes(2)), "the run did not end");
        var output = tool.StandardOutput.ReadToEnd() + tool.StandardError.ReadToEnd();

        Assert.True(tool.ExitCode == 0, output);
        Assert.DoesNotContain(Value, inspected, StringComparison.Ordinal);
        Assert.Equal(mounted.SecretID, Assert.Single(secretsWhileRunning).ID);
        Assert.Equal($"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Value)))}  -\n", File.ReadAllText(Path.Combine(scenario.Root, "out", "sum.txt")));
        Assert.Empty(SwarmCluster.SecretsOf(scenario.Root));
        Assert.Empty(SwarmCluster.ServicesOf(scenario.Root));
    }

    /// <summary>A matrix of <paramref name="count"/> container steps on the swarm; <c>$PART</c> is the cell's number.</summary>
    internal static string FanOut(int count, string command, bool outputs = false) => """
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
        OUTPUTS
        """.Replace("CELLS", string.Join(", ", Enumerable.Range(1, count)), StringComparison.Ordinal)
            .Replace("COMMAND", command, StringComparison.Ordinal)
            .Replace("OUTPUTS", outputs ? "        inputs: [data/]\n        outputs: [\"out/part-${{ matrix.i }}.txt\"]\n" : "", StringComparison.Ordinal);

    /// <summary>The push logs of every run of the workspace: one per image a run pushed.</summary>
    private static IReadOnlyList<string> PushLogs(string root) =>
        [.. Directory.EnumerateFiles(Path.Combine(root, ".pipeline", "logs"), "push-*.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
