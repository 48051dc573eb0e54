using static PipelineBuild.Core.Tests.Graph.GraphPipeline;

namespace PipelineBuild.Core.Tests.Graph;

public sealed class CycleTests : GraphTestBase
{
    [Fact]
    public void Should_report_a_cycle_of_three_steps_listed_whole_and_in_order()
    {
        // Given: a.x -> b.y -> c.z -> a.x through files
        var pipeline = Pipeline()
            .Step("a.x", inputs: ["c.csv"], outputs: ["a.csv"])
            .Step("b.y", inputs: ["a.csv"], outputs: ["b.csv"])
            .Step("c.z", inputs: ["b.csv"], outputs: ["c.csv"]);

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("PB3001", error.Code);
        Assert.Equal("cycle: a.x -> b.y -> c.z -> a.x", error.Message);
        Assert.Equal(1, error.Location.Line);
        Assert.Contains("'b.y' reads 'a.csv' written by 'a.x'", error.Hint, StringComparison.Ordinal);
        Assert.Equal(3, graph.Steps.Count);
    }

    [Fact]
    public void Should_report_a_step_that_needs_itself_as_a_cycle()
    {
        // Given
        var pipeline = Pipeline().Step("train.fit", needs: ["train.fit"]);

        // When
        pipeline.Build(out var diagnostics);

        // Then
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("PB3001", error.Code);
        Assert.Equal("cycle: train.fit -> train.fit", error.Message);
    }

    [Fact]
    public void Should_report_each_separate_cycle()
    {
        // Given
        var pipeline = Pipeline()
            .Step("a.one", needs: ["a.two"])
            .Step("a.two", needs: ["a.one"])
            .Step("b.one", needs: ["b.two"])
            .Step("b.two", needs: ["b.one"])
            .Step("c.free");

        // When
        pipeline.Build(out var diagnostics);

        // Then
        Assert.Equal(["PB3001", "PB3001"], Codes(diagnostics));
        Assert.Equal("cycle: a.one -> a.two -> a.one", diagnostics.Items[0].Message);
        Assert.Equal("cycle: b.one -> b.two -> b.one", diagnostics.Items[1].Message);
    }
}
