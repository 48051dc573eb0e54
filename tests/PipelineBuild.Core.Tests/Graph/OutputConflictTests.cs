namespace PipelineBuild.Core.Tests.Graph;

public sealed class OutputConflictTests : GraphTestBase
{
    [Fact]
    public void Should_report_two_steps_that_write_the_same_path_naming_both()
    {
        // Given
        var pipeline = Pipeline()
            .Step("train.a", outputs: ["models/model.pkl"])
            .Step("train.b", outputs: ["models/model.pkl"]);

        // When
        pipeline.Build(out var diagnostics);

        // Then
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("PB3002", error.Code);
        Assert.Equal("'models/model.pkl' is written by both 'train.a' and 'train.b'", error.Message);
        Assert.Equal(4, error.Location.Line);
    }

    [Fact]
    public void Should_report_an_output_inside_another_steps_output_folder()
    {
        // Given
        var pipeline = Pipeline()
            .Step("prepare.split", outputs: ["data/"])
            .Step("prepare.extra", outputs: ["data/extra.csv"]);

        // When
        pipeline.Build(out var diagnostics);

        // Then
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("PB3002", error.Code);
        Assert.Equal("output 'data/extra.csv' of 'prepare.extra' lies inside output folder 'data/' of 'prepare.split'", error.Message);
    }

    [Fact]
    public void Should_accept_one_step_that_lists_a_folder_and_a_file_inside_it()
    {
        // Given
        var pipeline = Pipeline().Step("prepare.split", outputs: ["data/", "data/summary.json"]);

        // When
        pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
    }
}
