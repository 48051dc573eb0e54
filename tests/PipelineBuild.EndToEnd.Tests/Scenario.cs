using PipelineBuild.Testing;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>A temp workspace with a pipeline file, and shortcuts to run the tool in it.</summary>
internal sealed class Scenario : IDisposable
{
    private int _reports;

    public Scenario(string pipelineYaml)
    {
        Workspace = TestWorkspace.Create();
        Workspace.Write("pipeline.yaml", pipelineYaml);
    }

    public TestWorkspace Workspace { get; }

    public string Root => Workspace.Root;

    public ToolResult Tool(params string[] args) => PipelineTool.Run(Root, args);

    /// <summary>Runs <c>run</c> with a report and returns both.</summary>
    public (ToolResult Result, ReportReader Report) Run(params string[] args)
    {
        var reportPath = Path.Combine(Path.GetTempPath(), $"pb-report-{Guid.NewGuid():N}.json");
        var result = PipelineTool.Run(Root, ["run", "--report", reportPath, .. args]);
        Assert.True(File.Exists(reportPath), $"no report was written\n{result}");
        var report = ReportReader.Read(reportPath);
        File.Delete(reportPath);
        _reports++;
        return (result, report);
    }

    /// <summary>Lines of a side-effect log that steps append to, to count real executions.</summary>
    public int Executions(string logName = "executions.log") =>
        Workspace.Exists(logName) ? Workspace.Read(logName).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length : 0;

    public void Dispose() => Workspace.Dispose();
}
