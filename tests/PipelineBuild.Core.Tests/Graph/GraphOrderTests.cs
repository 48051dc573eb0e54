using static PipelineBuild.Core.Tests.Graph.GraphPipeline;

namespace PipelineBuild.Core.Tests.Graph;

public sealed class GraphOrderTests : GraphTestBase
{
    // d.report needs c.long and b.short; c.long needs a.head through a file; e.alone is unrelated.
    private GraphPipeline Diamond() => Pipeline()
        .Step("d.report", needs: ["c.long", "b.short"])
        .Step("e.alone")
        .Step("c.long", inputs: ["a.csv"], outputs: ["c.csv"])
        .Step("b.short")
        .Step("a.head", outputs: ["a.csv"]);

    [Fact]
    public void Should_order_steps_upstream_first_and_break_ties_by_file_order()
    {
        // Given
        var pipeline = Diamond();

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Equal(["e.alone", "b.short", "a.head", "c.long", "d.report"], Ids(graph.Steps));
    }

    [Fact]
    public void Should_count_the_steps_on_the_longest_path_to_a_sink()
    {
        // Given
        var graph = Diamond().Build(out _);

        // When
        var lengths = Ids(graph.Steps).ToDictionary(id => id, graph.CriticalPathLength);

        // Then
        Assert.Equal(3, lengths["a.head"]);
        Assert.Equal(2, lengths["c.long"]);
        Assert.Equal(2, lengths["b.short"]);
        Assert.Equal(1, lengths["d.report"]);
        Assert.Equal(1, lengths["e.alone"]);
    }

    [Fact]
    public void Should_look_steps_up_by_id()
    {
        // Given
        var graph = Diamond().Build(out _);

        // When / Then
        Assert.True(graph.Contains("c.long"));
        Assert.False(graph.Contains("c.lon"));
        Assert.Equal("long", graph["c.long"].Name);
        Assert.Throws<KeyNotFoundException>(() => graph["c.lon"]);
        Assert.Equal(["b.short", "c.long"], Ids(graph.DependenciesOf("d.report")));
        Assert.Equal(["d.report"], Ids(graph.DependentsOf("b.short")));
    }

    [Fact]
    public void Should_find_the_producers_of_a_file_or_of_a_path_inside_an_output_folder()
    {
        // Given
        var graph = Pipeline()
            .Step("prepare.split", outputs: ["data/split/"])
            .Step("train.fit", outputs: ["models/model.pkl"])
            .Build(out _);

        // When / Then
        Assert.Equal(["prepare.split"], Ids(graph.ProducersOf("data/split/test.csv")));
        Assert.Equal(["prepare.split"], Ids(graph.ProducersOf("data/split")));
        Assert.Equal(["train.fit"], Ids(graph.ProducersOf("./models/model.pkl")));
        Assert.Empty(graph.ProducersOf("data/raw.csv"));
        Assert.Empty(graph.ProducersOf("models"));
    }
}
