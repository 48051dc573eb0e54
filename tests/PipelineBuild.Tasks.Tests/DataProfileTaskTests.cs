using System.Text.Json;
using PipelineBuild.Tasks.Profiling;
using PipelineBuild.Testing;

namespace PipelineBuild.Tasks.Tests;

public sealed class DataProfileTaskTests
{
    [Fact]
    public async Task Should_profile_types_nulls_and_numeric_statistics_of_a_csv()
    {
        // Given a CSV with integers, numbers, text (one quoted with a comma), booleans and nulls
        using var ws = TestWorkspace.Create();
        ws.Write("data.csv", "id,score,name,ok\n1,2.5,\"Smith, J\",true\n2,3.5,Lee,false\n3,,NA,true\n4,6.0,Kim,\n");
        var context = TaskContexts.For(ws, """{ "input": "data.csv", "output": "profile.json" }""");

        // When
        await new DataProfileTask().RunAsync(context, CancellationToken.None);

        // Then
        using var profile = JsonDocument.Parse(ws.Read("profile.json"));
        var columns = profile.RootElement.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(4, profile.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal("integer", columns["id"].GetProperty("type").GetString());
        Assert.Equal("number", columns["score"].GetProperty("type").GetString());
        Assert.Equal("string", columns["name"].GetProperty("type").GetString());
        Assert.Equal("boolean", columns["ok"].GetProperty("type").GetString());
        Assert.Equal(1, columns["score"].GetProperty("nulls").GetInt32());
        Assert.Equal(2.5, columns["score"].GetProperty("min").GetDouble());
        Assert.Equal(6.0, columns["score"].GetProperty("max").GetDouble());
        Assert.Equal(4.0, columns["score"].GetProperty("mean").GetDouble(), 9);
        Assert.Equal(1.802776, columns["score"].GetProperty("stddev").GetDouble(), 5);
        Assert.Equal(1, columns["name"].GetProperty("top").GetProperty("Smith, J").GetInt32());
        Assert.Equal(4, TaskContexts.Metric(context, "rows"));
        Assert.Equal(3, TaskContexts.Metric(context, "nulls"));
    }

    [Fact]
    public async Task Should_report_no_drift_for_the_same_data_and_a_large_drift_for_a_shifted_column()
    {
        // Given a reference profile
        using var ws = TestWorkspace.Create();
        var rows = Enumerable.Range(0, 200).Select(i => $"{i % 50},{(i % 2 == 0 ? "a" : "b")}");
        ws.Write("ref.csv", "x,c\n" + string.Join('\n', rows) + "\n");
        await new DataProfileTask().RunAsync(TaskContexts.For(ws, """{ "input": "ref.csv", "output": "ref.json" }"""), CancellationToken.None);
        var shifted = Enumerable.Range(0, 200).Select(i => $"{40 + (i % 10)},{(i % 2 == 0 ? "a" : "b")}");
        ws.Write("new.csv", "x,c\n" + string.Join('\n', shifted) + "\n");

        // When the same data and shifted data are profiled against it
        var same = TaskContexts.For(ws, """{ "input": "ref.csv", "output": "same.json", "reference": "ref.json" }""");
        var moved = TaskContexts.For(ws, """{ "input": "new.csv", "output": "new.json", "reference": "ref.json" }""");
        await new DataProfileTask().RunAsync(same, CancellationToken.None);
        await new DataProfileTask().RunAsync(moved, CancellationToken.None);

        // Then drift (PSI) is 0 for the same data, large for the shifted number column, 0 for the unchanged text column
        Assert.Equal(0, TaskContexts.Metric(same, "drift.x"), 6);
        Assert.True(TaskContexts.Metric(moved, "drift.x") > 0.25, $"PSI {TaskContexts.Metric(moved, "drift.x")}");
        Assert.Equal(0, TaskContexts.Metric(moved, "drift.c"), 6);
        Assert.Equal(TaskContexts.Metric(moved, "drift.x"), TaskContexts.Metric(moved, "drift.max"));
    }
}
