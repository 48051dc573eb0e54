using static PipelineBuild.Core.Tests.Graph.GraphPipeline;

namespace PipelineBuild.Core.Tests.Graph;

public sealed class NeedsTests : GraphTestBase
{
    [Fact]
    public void Should_make_a_step_that_needs_a_stage_depend_on_every_step_of_it()
    {
        // Given
        var pipeline = Pipeline()
            .Step("prepare.a")
            .Step("prepare.b")
            .Step("train.fit", needs: ["prepare"]);

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Equal(["prepare.a", "prepare.b"], Ids(graph.DependenciesOf("train.fit")));
    }

    [Fact]
    public void Should_count_each_step_s_dependencies_as_it_lists_them_and_list_none_for_a_first_step()
    {
        // Given
        var pipeline = Pipeline()
            .Step("prepare.a")
            .Step("prepare.b")
            .Step("train.fit", needs: ["prepare"])
            .Step("report.one", needs: ["train.fit", "prepare.a"]);

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.All(graph.Steps, s => Assert.Equal(graph.DependenciesOf(s.Id).Count, graph.DependencyCountOf(s.Id)));
        Assert.Equal([0, 0, 2, 2], graph.Steps.Select(s => graph.DependencyCountOf(s.Id)));
        Assert.Empty(graph.DependenciesOf("prepare.a"));
        Assert.Empty(graph.DependentsOf("report.one"));
        Assert.Equal(["train.fit", "report.one"], Ids(graph.DependentsOf("prepare.a")));
        Assert.Throws<KeyNotFoundException>(() => graph.DependencyCountOf("nope"));
    }

    [Fact]
    public void Should_make_a_step_that_needs_a_step_id_depend_on_that_step_only()
    {
        // Given
        var pipeline = Pipeline()
            .Step("prepare.a")
            .Step("prepare.b")
            .Step("train.fit", needs: ["prepare.b"]);

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Equal(["prepare.b"], Ids(graph.DependenciesOf("train.fit")));
    }

    [Fact]
    public void Should_make_a_matrix_base_id_mean_every_cell_and_a_cell_id_mean_one_cell()
    {
        // Given
        var pipeline = Pipeline()
            .Step("train.fit[lr=0.1]")
            .Step("train.fit[lr=0.01]")
            .Step("report.all", needs: ["train.fit"])
            .Step("report.one", needs: ["train.fit[lr=0.01]"]);

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Equal(["train.fit[lr=0.1]", "train.fit[lr=0.01]"], Ids(graph.DependenciesOf("report.all")));
        Assert.Equal(["train.fit[lr=0.01]"], Ids(graph.DependenciesOf("report.one")));
    }

    [Fact]
    public void Should_apply_stage_level_needs_to_every_step_of_the_stage()
    {
        // Given
        var pipeline = Pipeline()
            .Step("prepare.split")
            .Step("train.fit")
            .Step("train.evaluate")
            .StageNeeds("train", "prepare");

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Equal(["prepare.split"], Ids(graph.DependenciesOf("train.fit")));
        Assert.Equal(["prepare.split"], Ids(graph.DependenciesOf("train.evaluate")));
    }

    [Fact]
    public void Should_make_a_step_that_needs_its_own_stage_wait_for_the_other_steps_of_it()
    {
        // Given
        var pipeline = Pipeline()
            .Step("train.fit")
            .Step("train.report", needs: ["train"]);

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Equal(["train.fit"], Ids(graph.DependenciesOf("train.report")));
    }

    [Fact]
    public void Should_report_an_unknown_need_and_suggest_the_nearest_name()
    {
        // Given
        var pipeline = Pipeline()
            .Step("prepare.split")
            .Step("train.fit", needs: ["prepar", "prepare.splt"]);

        // When
        pipeline.Build(out var diagnostics);

        // Then
        Assert.Equal(["PB3005", "PB3005"], Codes(diagnostics));
        Assert.Equal("did you mean 'prepare'?", diagnostics.Items[0].Hint);
        Assert.Equal("did you mean 'prepare.split'?", diagnostics.Items[1].Hint);
        Assert.Equal(4, diagnostics.Items[1].Location.Line);
    }

    [Fact]
    public void Should_report_an_unknown_stage_level_need_once()
    {
        // Given
        var pipeline = Pipeline()
            .Step("train.fit")
            .Step("train.evaluate")
            .StageNeeds("train", "prepare");

        // When
        pipeline.Build(out var diagnostics);

        // Then
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("PB3005", error.Code);
        Assert.Contains("stage 'train' needs 'prepare'", error.Message, StringComparison.Ordinal);
    }
}
