using PipelineBuild.Testing;

namespace PipelineBuild.EndToEnd.Tests.RemoteCache;

/// <summary>
/// Two clean clones of one project in different folders (A and B), each with its own empty
/// <c>.pipeline/</c>, pointed at one remote cache: what A fills, B should restore.
/// </summary>
internal sealed class TwoClones : IDisposable
{
    public const string Pipeline = """
        pipeline: shared
        stages:
          prepare:
            steps:
              count:
                run: echo count >> executions.log && mkdir -p out && wc -l < data/in.txt | tr -d ' ' > out/count.txt
                inputs: [data/in.txt]
                outputs: [out/count.txt]
              split:
                run: echo split >> executions.log && mkdir -p out/parts && split -l 1 data/in.txt out/parts/p-
                inputs: [data/in.txt]
                outputs: [out/parts/]
          report:
            steps:
              double:
                run: echo double >> executions.log && echo $(( $(cat out/count.txt) * 2 )) > out/double.txt
                inputs: [out/count.txt]
                outputs: [out/double.txt]
        """;

    public static readonly string[] Outputs = ["out/count.txt", "out/double.txt", "out/parts/p-aa", "out/parts/p-ab", "out/parts/p-ac"];

    public TwoClones(CacheServer server, string pipeline = Pipeline)
    {
        Server = server;
        A = Clone(pipeline);
        B = Clone(pipeline);
    }

    public CacheServer Server { get; }

    public TestWorkspace A { get; }

    public TestWorkspace B { get; }

    /// <summary>Runs <c>run --report</c> in a clone with the server's URL and environment plus <paramref name="env"/>.</summary>
    public (ToolResult Result, ReportReader Report, string ReportText) Run(TestWorkspace clone, IReadOnlyDictionary<string, string>? env = null, params string[] args)
    {
        var environment = new Dictionary<string, string>(Server.Environment) { ["PIPELINEBUILD_CACHE_URL"] = Server.Url };
        foreach (var (name, value) in env ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        var reportPath = Path.Combine(Path.GetTempPath(), $"pb-report-{Guid.NewGuid():N}.json");
        var result = PipelineTool.Run(clone.Root, environment, ["run", "--report", reportPath, .. args]);
        Assert.True(File.Exists(reportPath), $"no report was written\n{result}");
        var text = File.ReadAllText(reportPath);
        var report = ReportReader.Read(reportPath);
        File.Delete(reportPath);
        return (result, report, text);
    }

    public static int Executions(TestWorkspace clone) =>
        clone.Exists("executions.log") ? clone.Read("executions.log").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length : 0;

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }

    private static TestWorkspace Clone(string pipeline)
    {
        var clone = TestWorkspace.Create();
        clone.Write("pipeline.yaml", pipeline);
        clone.Write("data/in.txt", "a\nb\nc\n");
        return clone;
    }
}
