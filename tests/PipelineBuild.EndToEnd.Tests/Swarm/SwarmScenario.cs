using System.Diagnostics;
using PipelineBuild.Testing;

namespace PipelineBuild.EndToEnd.Tests.Swarm;

/// <summary>A workspace whose pipeline runs on the test swarm: the tool runs inside the services' namespace, as a CI runner on the cluster's network would.</summary>
internal sealed class SwarmScenario : IDisposable
{
    public SwarmScenario(string pipelineYaml)
    {
        Workspace = TestWorkspace.Create();
        Workspace.Write("pipeline.yaml", pipelineYaml);
    }

    public TestWorkspace Workspace { get; }

    public string Root => Workspace.Root;

    /// <summary>This scenario's own prefix in the swarm's cache: another test's identical step is not a hit here.</summary>
    public string CacheUrl { get; } = $"{SwarmCluster.CacheUrl}/test-{Guid.NewGuid():N}";

    /// <summary>The tool's options that point it at the test swarm, its registry and this scenario's cache.</summary>
    public string[] ClusterOptions(string registry = SwarmCluster.Registry) =>
        ["--swarm-host", SwarmCluster.ManagerHost, "--registry", registry, "--cache-url", CacheUrl];

    public ToolResult Tool(params string[] args) => PipelineTool.RunBehind(SwarmCluster.InServicesNamespace, Root, null, args);

    /// <summary><c>run</c> on the swarm with a report; both.</summary>
    public (ToolResult Result, ReportReader Report) Run(params string[] args)
    {
        var reportPath = Path.Combine(Path.GetTempPath(), $"pb-report-{Guid.NewGuid():N}.json");
        var result = Tool(["run", "--report", reportPath, .. ClusterOptions(), .. args]);
        Assert.True(File.Exists(reportPath), $"no report was written\n{result}");
        var report = ReportReader.Read(reportPath);
        File.Delete(reportPath);
        return (result, report);
    }

    /// <summary>Starts <c>run</c> on the swarm without waiting.</summary>
    public Process Start(params string[] args) => StartWith(null, args);

    /// <summary>Starts <c>run</c> on the swarm with <paramref name="env"/> added to the tool's environment, without waiting.</summary>
    public Process StartWith(IReadOnlyDictionary<string, string>? env, params string[] args) =>
        PipelineTool.StartBehind(SwarmCluster.InServicesNamespace, Root, env, ["run", .. ClusterOptions(), .. args]);

    /// <summary>Waits until the workspace has a job service on the swarm (a step is running there).</summary>
    public void WaitForService(Process tool)
    {
        var clock = Stopwatch.StartNew();
        while (SwarmCluster.ServicesOf(Root).Count == 0)
        {
            if (tool.HasExited || clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                Assert.Fail($"no swarm service appeared for the workspace (tool exited: {tool.HasExited})\n{tool.StandardOutput.ReadToEnd()}\n{tool.StandardError.ReadToEnd()}");
            }

            Thread.Sleep(100);
        }
    }

    public void Dispose() => Workspace.Dispose();
}
