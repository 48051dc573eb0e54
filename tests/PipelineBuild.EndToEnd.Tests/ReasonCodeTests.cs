using PipelineBuild.Core.Runs;

namespace PipelineBuild.EndToEnd.Tests;

public sealed class ReasonCodeTests
{
    private const string Chain = """
        pipeline: demo
        stages:
          prepare:
            steps:
              count:
                run: wc -l < data/in.txt | tr -d ' ' > out/count.txt
                inputs: [data/in.txt]
                outputs: [out/count.txt]
          report:
            steps:
              double:
                run: echo $(( $(cat out/count.txt) * 2 )) > out/double.txt
                inputs: [out/count.txt]
                outputs: [out/double.txt]
              broken:
                run: exit 3
                inputs: [out/double.txt]
          publish:
            steps:
              last:
                run: echo done > out/last.txt
                inputs: [out/double.txt]
                needs: [report.broken]
                outputs: [out/last.txt]
        """;

    [Fact]
    public void Should_write_a_stable_reason_code_beside_the_reason_text_in_the_report()
    {
        // Given a chain that ran once, then an input edit that changes the line count
        using var scenario = new Scenario(Chain);
        scenario.Workspace.Write("data/in.txt", "a\nb\nc\n");
        var (_, first) = scenario.Run();
        scenario.Workspace.Write("data/in.txt", "a\nb\n");

        // When it runs again
        var (_, second) = scenario.Run();

        // Then each step's code says why, and the text stays what it was
        Assert.Equal("new", first.ReasonCode("prepare.count"));
        Assert.Equal(("ran", "input changed: data/in.txt"), second.Steps["prepare.count"]);
        Assert.Equal("input-changed", second.ReasonCode("prepare.count"));
        Assert.Equal(("ran", "upstream changed: prepare.count"), second.Steps["report.double"]);
        Assert.Equal("upstream-changed", second.ReasonCode("report.double"));
        Assert.Equal("failed", second.State("report.broken"));
        Assert.Equal(("skipped", "upstream failed: report.broken"), second.Steps["publish.last"]);
        Assert.Equal("upstream-failed", second.ReasonCode("publish.last"));
    }

    [Fact]
    public void Should_record_the_reason_code_of_every_step_in_the_run_history()
    {
        // Given a chain that ran once and then again with nothing changed
        using var scenario = new Scenario(Chain);
        scenario.Workspace.Write("data/in.txt", "a\nb\nc\n");
        scenario.Run();
        var (_, report) = scenario.Run();

        // When runs.db is read directly, and through runs show
        var stored = StoredReasons(scenario, report.RunId);
        var shown = scenario.Json("runs", "show", report.RunId).GetProperty("steps").EnumerateArray()
            .ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("reasonCode").GetString(), StringComparer.Ordinal);

        // Then the column holds the same codes the report wrote, beside the text
        Assert.Equal(("up to date", "up-to-date"), stored["prepare.count"]);
        Assert.Equal(("up to date", "up-to-date"), stored["report.double"]);
        Assert.Equal(("new", "new"), stored["report.broken"]);
        Assert.Equal(("upstream failed: report.broken", "upstream-failed"), stored["publish.last"]);
        Assert.Equal(stored.ToDictionary(p => p.Key, p => (string?)p.Value.Code, StringComparer.Ordinal), shown);
    }

    /// <summary>As runs.db holds them: steps that did something in rows, up-to-date ones packed (read back by the store).</summary>
    private static Dictionary<string, (string Text, string Code)> StoredReasons(Scenario scenario, string runId)
    {
        using var store = RunStore.Open(scenario.Workspace.PathOf(".pipeline/runs.db"));
        return store.Get(runId)!.Steps.ToDictionary(s => s.Id, s => (s.Reason, s.ReasonCode!), StringComparer.Ordinal);
    }
}
