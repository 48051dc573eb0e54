using PipelineBuild.Core.Diagnostics;
using static PipelineBuild.Core.Tests.Graph.GraphPipeline;

namespace PipelineBuild.Core.Tests.Graph;

public sealed class SelectTests : GraphTestBase
{
    private GraphPipeline Sample() => Pipeline()
        .Step("prepare.split", outputs: ["data/split/"])
        .Step("prepare.other")
        .Step("train.fit[lr=0.1]", inputs: ["data/split/"], outputs: ["models/a.pkl"])
        .Step("train.fit[lr=0.01]", inputs: ["data/split/"], outputs: ["models/b.pkl"])
        .Step("evaluate.score", inputs: ["models/a.pkl"])
        .Step("report.docs");

    [Fact]
    public void Should_select_a_step_with_its_whole_upstream_closure()
    {
        // Given
        var graph = Sample().Build(out var diagnostics);
        Assert.Empty(diagnostics.Items);

        // When
        var selected = graph.Select([], ["evaluate.score"]);

        // Then
        Assert.Equal(["prepare.split", "train.fit[lr=0.1]", "evaluate.score"], Ids(selected.Steps));
        Assert.Equal(["train.fit[lr=0.1]"], Ids(selected.DependenciesOf("evaluate.score")));
        Assert.Equal(3, selected.CriticalPathLength("prepare.split"));
    }

    [Fact]
    public void Should_select_a_stage_and_every_matrix_cell_of_a_base_id()
    {
        // Given
        var graph = Sample().Build(out _);

        // When
        var byStage = graph.Select(["train"], []);
        var byBaseId = graph.Select([], ["train.fit"]);

        // Then
        string[] expected = ["prepare.split", "train.fit[lr=0.1]", "train.fit[lr=0.01]"];
        Assert.Equal(expected, Ids(byStage.Steps));
        Assert.Equal(expected, Ids(byBaseId.Steps));
        Assert.Equal(["train.fit[lr=0.1]", "train.fit[lr=0.01]"], Ids(byStage.DependentsOf("prepare.split")));
    }

    [Fact]
    public void Should_select_everything_when_nothing_is_named()
    {
        // Given
        var graph = Sample().Build(out _);

        // When
        var selected = graph.Select([], []);

        // Then
        Assert.Equal(Ids(graph.Steps), Ids(selected.Steps));
    }

    [Fact]
    public void Should_reject_an_unknown_step_or_stage_with_near_names()
    {
        // Given
        var graph = Sample().Build(out _);

        // When
        var step = Assert.Throws<PipelineException>(() => graph.Select([], ["evaluate.scor"]));
        var stage = Assert.Throws<PipelineException>(() => graph.Select(["trian"], []));

        // Then
        Assert.Equal("PB1002", step.Code);
        Assert.Equal(ExitCodes.InvalidInput, step.ExitCode);
        Assert.Equal("--step: error PB1002: the pipeline has no step 'evaluate.scor'; did you mean 'evaluate.score'?", step.Message);
        Assert.Equal("PB1002", stage.Code);
        Assert.Contains("did you mean 'train'?", stage.Message, StringComparison.Ordinal);
    }
}
