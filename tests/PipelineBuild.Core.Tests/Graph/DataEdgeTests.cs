using static PipelineBuild.Core.Tests.Graph.GraphPipeline;

namespace PipelineBuild.Core.Tests.Graph;

public sealed class DataEdgeTests : GraphTestBase
{
    [Fact]
    public void Should_depend_on_the_step_that_writes_the_file_it_reads()
    {
        // Given
        var pipeline = Pipeline()
            .Step("train.fit", inputs: ["data/train.csv"], outputs: ["models/model.pkl"])
            .Step("prepare.split", outputs: ["data/train.csv"]);

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Equal(["prepare.split"], Ids(graph.DependenciesOf("train.fit")));
        Assert.Equal(["train.fit"], Ids(graph.DependentsOf("prepare.split")));
    }

    [Fact]
    public void Should_depend_on_the_step_whose_output_folder_holds_the_input()
    {
        // Given
        var pipeline = Pipeline()
            .Step("prepare.split", outputs: ["data/split/"])
            .Step("train.fit", inputs: ["data/split/train.csv"]);

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Equal(["prepare.split"], Ids(graph.DependenciesOf("train.fit")));
    }

    [Fact]
    public void Should_depend_on_the_step_whose_output_lies_inside_an_input_folder()
    {
        // Given
        var pipeline = Pipeline()
            .Step("prepare.split", outputs: ["data/split/x.csv"])
            .Step("train.fit", inputs: ["data/"]);

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Equal(["prepare.split"], Ids(graph.DependenciesOf("train.fit")));
    }

    [Fact]
    public void Should_depend_only_on_outputs_inside_an_input_folder_not_on_siblings_that_share_its_name()
    {
        // Given: '-' sorts before '/' and '0' after it, so siblings surround the folder's outputs
        var pipeline = Pipeline()
            .Step("a.dash", outputs: ["data/raw-x/a.csv"])
            .Step("a.inside", outputs: ["data/raw/a.csv"])
            .Step("a.deep", outputs: ["data/raw/b/c.csv"])
            .Step("a.zero", outputs: ["data/raw0/b.csv"])
            .Step("a.same", outputs: ["data/raw.csv"])
            .Step("train.fit", inputs: ["data/raw/"]);

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Equal(["a.inside", "a.deep"], Ids(graph.DependenciesOf("train.fit")));
    }

    [Fact]
    public void Should_depend_on_the_step_whose_output_a_glob_input_matches()
    {
        // Given
        var pipeline = Pipeline()
            .Step("prepare.csv", outputs: ["data/raw/2024/a.csv"])
            .Step("prepare.txt", outputs: ["data/raw/notes.txt"])
            .Step("train.fit", inputs: ["data/raw/**/*.csv"]);

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Equal(["prepare.csv"], Ids(graph.DependenciesOf("train.fit")));
    }

    [Fact]
    public void Should_depend_on_an_output_folder_that_overlaps_the_literal_prefix_of_a_glob()
    {
        // Given: one folder holds the glob's prefix, the other lies under it
        var pipeline = Pipeline()
            .Step("prepare.all", outputs: ["data/"])
            .Step("prepare.features", outputs: ["features/train/"])
            .Step("train.fit", inputs: ["data/raw/*.csv", "features/**/*.parquet"]);

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Equal(["prepare.all", "prepare.features"], Ids(graph.DependenciesOf("train.fit")));
    }

    [Fact]
    public void Should_not_depend_on_an_output_that_a_glob_does_not_match()
    {
        // Given
        Workspace.Write("data/local.csv", "a,b");
        var pipeline = Pipeline()
            .Step("prepare.notes", outputs: ["data/notes.txt"])
            .Step("train.fit", inputs: ["data/*.csv"]);

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Empty(graph.DependenciesOf("train.fit"));
    }

    [Fact]
    public void Should_not_treat_a_sibling_with_a_common_name_prefix_as_inside_a_folder()
    {
        // Given: 'data/split2.csv' starts with 'data/split' but is not inside 'data/split/'
        Workspace.Write("data/split2.csv", "a,b");
        var pipeline = Pipeline()
            .Step("prepare.split", outputs: ["data/split/"])
            .Step("train.fit", inputs: ["data/split2.csv"]);

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Empty(graph.DependenciesOf("train.fit"));
    }

    [Fact]
    public void Should_report_a_step_that_reads_its_own_output_without_an_edge_to_itself()
    {
        // Given
        var pipeline = Pipeline()
            .Step("prepare.clean", inputs: ["data/"], outputs: ["data/clean.csv"]);

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("PB3007", error.Code);
        Assert.Equal(2, error.Location.Line);
        Assert.Contains("prepare.clean", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Hint);
        Assert.Empty(graph.DependenciesOf("prepare.clean"));
    }

    [Fact]
    public void Should_report_a_glob_that_matches_the_steps_own_output()
    {
        // Given
        Workspace.Write("data/raw.csv", "a,b");
        var pipeline = Pipeline().Step("prepare.merge", inputs: ["data/*.csv"], outputs: ["data/merged.csv"]);

        // When
        pipeline.Build(out var diagnostics);

        // Then
        Assert.Equal(["PB3007"], Codes(diagnostics));
    }

    [Fact]
    public void Should_match_inputs_written_with_a_leading_dot_slash()
    {
        // Given
        var pipeline = Pipeline()
            .Step("prepare.split", outputs: ["data/split/"])
            .Step("train.fit", inputs: ["./data/split/train.csv"]);

        // When
        var graph = pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Equal(["prepare.split"], Ids(graph.DependenciesOf("train.fit")));
    }
}
