using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Tests.Graph;

public sealed class LargeGraphTests : GraphTestBase
{
    [Fact]
    public void Should_build_a_chain_of_ten_thousand_steps_without_overflowing_the_stack()
    {
        // Given: s.0 -> s.1 -> ... -> s.9999 through files
        var pipeline = Chain(10_000);

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Equal("s.0", graph.Steps[0].Id);
        Assert.Equal("s.9999", graph.Steps[^1].Id);
        Assert.Equal(10_000, graph.CriticalPathLength("s.0"));
        Assert.Equal(10_000, graph.Select([], ["s.9999"]).Steps.Count);
    }

    [Fact]
    public void Should_find_a_cycle_through_ten_thousand_steps_without_overflowing_the_stack()
    {
        // Given: the chain, closed by s.0 needing the last step
        var pipeline = Pipeline().Step("s.0", outputs: ["f/0"], needs: ["s.9999"]);
        for (var i = 1; i < 10_000; i++)
        {
            pipeline.Step($"s.{i}", inputs: [$"f/{i - 1}"], outputs: [$"f/{i}"]);
        }

        // When
        pipeline.Build(out var diagnostics);

        // Then
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("PB3001", error.Code);
        Assert.StartsWith("cycle: s.0 -> s.1 -> s.2", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("s.9999 -> s.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_build_a_thousand_steps_with_a_thousand_outputs()
    {
        // Given: a fan of 1,000 steps, each reading the previous output folder and a glob
        // (how long it takes is measured by bench/, W1, not here)
        var definition = Wide(1_000).Definition();

        // When
        var diagnostics = new DiagnosticBag();
        var graph = StepGraphBuilder.Build(definition, diagnostics);

        // Then each step depends on exactly the one before it, through its file and its glob
        Assert.Empty(diagnostics.Items);
        Assert.Equal("s.998", Assert.Single(graph.DependenciesOf("s.999")).Id);
        Assert.Empty(graph.DependenciesOf("s.0"));
    }

    private GraphPipeline Chain(int length)
    {
        var pipeline = Pipeline().Step("s.0", outputs: ["f/0"]);
        for (var i = 1; i < length; i++)
        {
            pipeline.Step($"s.{i}", inputs: [$"f/{i - 1}"], outputs: [$"f/{i}"]);
        }

        return pipeline;
    }

    private GraphPipeline Wide(int count)
    {
        var pipeline = Pipeline().Step("s.0", outputs: ["out/0/"]);
        for (var i = 1; i < count; i++)
        {
            pipeline.Step($"s.{i}", inputs: [$"out/{i - 1}/part.csv", $"out/{i - 1}/*.csv"], outputs: [$"out/{i}/"]);
        }

        return pipeline;
    }
}
