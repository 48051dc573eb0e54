using System.Text.RegularExpressions;

namespace PipelineBuild.EndToEnd.Tests.Swarm;

/// <summary>
/// <c>run --no-download</c> on the real three-node swarm: cluster steps leave their outputs in the remote cache; a downstream swarm
/// step takes them from there by digest, a downstream step that runs here gets them restored first (docs/cluster.md).
/// </summary>
[Collection(SwarmCluster.Collection)]
public sealed class SwarmNoDownloadTests
{
    /// <summary>Two chained swarm steps, then a host step that reads the second one's output.</summary>
    private const string Chain = """
        pipeline: chain
        executor: swarm
        stages:
          cluster:
            image: local/busybox:1
            steps:
              upper:
                inputs: [data/in.txt]
                run: mkdir -p mid; tr a-z A-Z < data/in.txt > mid/upper.txt
                outputs: [mid/upper.txt]
              count:
                inputs: [mid/upper.txt]
                run: mkdir -p out; { wc -l < mid/upper.txt; cat mid/upper.txt; } > out/count.txt
                outputs: [out/count.txt]
          here:
            steps:
              report:
                inputs: [out/count.txt]
                run: cp out/count.txt report.txt
                outputs: [report.txt]
        """;

    private const string Input = "alpha beta\ngamma\n";

    [SwarmFact]
    public void Should_leave_the_intermediate_output_remote_and_restore_what_a_host_step_reads_then_do_nothing_then_download_on_a_plain_run()
    {
        SwarmCluster.EnsureAvailable();
        using var scenario = new SwarmScenario(Chain);
        using var local = new SwarmScenario(Chain);
        scenario.Workspace.Write("data/in.txt", Input);
        local.Workspace.Write("data/in.txt", Input);
        var localRun = PipelineTool.Run(local.Root, "run", "--executor", "local");
        Assert.True(localRun.ExitCode == 0, localRun.ToString());

        // When: the first run leaves the cluster steps' outputs remote
        var (first, firstReport) = scenario.Run("--no-download");

        // Then: the intermediate file never came here; the host step's input was restored for it, and its result is right
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("ran", firstReport.State("cluster.upper"));
        Assert.Equal("ran", firstReport.State("cluster.count"));
        Assert.Equal("ran", firstReport.State("here.report"));
        Assert.False(scenario.Workspace.Exists("mid/upper.txt"), "the intermediate output was downloaded");
        Assert.Equal(local.Workspace.Read("out/count.txt"), scenario.Workspace.Read("out/count.txt"));
        Assert.Equal(local.Workspace.Read("report.txt"), scenario.Workspace.Read("report.txt"));
        Assert.True(scenario.Workspace.Exists(".pipeline/remote-only.json"));

        // status and the plan of --no-download say so
        var status = scenario.Tool("status", "--swarm-host", SwarmCluster.ManagerHost, "--registry", SwarmCluster.Registry);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Matches(@"cluster\.upper\s+restore\s+swarm\s+outputs are remote only", status.Stdout);
        var dryRun = scenario.Tool(["run", "--dry-run", "--no-download", .. scenario.ClusterOptions()]);
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Matches(@"cluster\.upper\s+up-to-date\s+swarm\s+remote only", dryRun.Stdout);
        Assert.Contains("Everything is up to date.", dryRun.Stdout, StringComparison.Ordinal);

        // When: the same run again
        var since = DateTimeOffset.UtcNow;
        var (second, secondReport) = scenario.Run("--no-download");

        // Then: a no-op that never asked the cluster for anything
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.All(["cluster.upper", "cluster.count", "here.report"], id => Assert.Equal("up-to-date", secondReport.State(id)));
        Assert.Equal("remote-only", secondReport.ReasonCode("cluster.upper"));
        Assert.Empty(SwarmCluster.ServiceEventsSince(since));
        Assert.False(scenario.Workspace.Exists("mid/upper.txt"));

        // When: a run without the flag
        var (third, thirdReport) = scenario.Run();

        // Then: what was left remote comes down, byte for byte what a local run gives
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Equal("restored", thirdReport.State("cluster.upper"));
        Assert.Equal("remote-only", thirdReport.ReasonCode("cluster.upper"));
        foreach (var file in new[] { "mid/upper.txt", "out/count.txt", "report.txt" })
        {
            Assert.Equal(File.ReadAllBytes(local.Workspace.PathOf(file)), File.ReadAllBytes(scenario.Workspace.PathOf(file)));
        }

        Assert.False(scenario.Workspace.Exists(".pipeline/remote-only.json"), "nothing is remote only any more");
        Assert.Empty(SwarmCluster.ServicesOf(scenario.Root));
    }

    [SwarmFact]
    public void Should_fail_a_host_step_with_PB8541_when_the_remote_cache_lost_the_blob_of_its_remote_only_input()
    {
        // Given both swarm steps left remote, and the blob of the host step's input gone from the cache
        SwarmCluster.EnsureAvailable();
        using var scenario = new SwarmScenario(Chain);
        var state = RunLeavingRemote(scenario, "cluster.count");
        RemoveFromCache(scenario, "cas", Regex.Match(state, "\"path\": \"out/count.txt\",[^}]*\"sha256\": \"([0-9a-f]{64})\"").Groups[1].Value);

        // When
        var (second, report) = scenario.Run("--no-download");

        // Then
        Assert.Equal(1, second.ExitCode);
        Assert.Equal("failed", report.State("here.report"));
        Assert.Contains("PB8541", report.Error("here.report"), StringComparison.Ordinal);
        Assert.Contains("out/count.txt", report.Error("here.report"), StringComparison.Ordinal);
        Assert.False(scenario.Workspace.Exists("report.txt"));
    }

    [SwarmFact]
    public void Should_run_a_remote_only_step_again_when_the_remote_cache_lost_its_entry()
    {
        // Given the first step left remote, and its entry gone from the cache
        SwarmCluster.EnsureAvailable();
        using var scenario = new SwarmScenario(Chain);
        var state = RunLeavingRemote(scenario, "cluster.upper");
        RemoveFromCache(scenario, "ac", Regex.Match(state, "\"fingerprint\": \"([0-9a-f]{64})\"").Groups[1].Value);

        // When
        var (second, report) = scenario.Run("--no-download", "--step", "cluster.upper");

        // Then
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("ran", report.State("cluster.upper"));
        Assert.False(scenario.Workspace.Exists("mid/upper.txt"));
    }

    /// <summary>A <c>run --no-download</c> of <paramref name="step"/> and its upstream; the remote-only state it left.</summary>
    private static string RunLeavingRemote(SwarmScenario scenario, string step)
    {
        scenario.Workspace.Write("data/in.txt", Input);
        var (result, _) = scenario.Run("--no-download", "--step", step);
        Assert.True(result.ExitCode == 0, result.ToString());
        return scenario.Workspace.Read(".pipeline/remote-only.json");
    }

    /// <summary>Removes an object of the scenario's prefix from the swarm's cache server, as an expiry would.</summary>
    private static void RemoveFromCache(SwarmScenario scenario, string area, string hex)
    {
        var path = Path.Combine(SwarmCluster.CacheFolderOf(scenario.CacheUrl), area, hex);
        Assert.True(File.Exists(path), $"{path} is not in the cache");
        File.Delete(path);
    }
}
