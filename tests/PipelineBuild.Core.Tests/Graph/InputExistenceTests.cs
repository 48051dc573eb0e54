namespace PipelineBuild.Core.Tests.Graph;

public sealed class InputExistenceTests : GraphTestBase
{
    [Fact]
    public void Should_report_an_input_that_neither_exists_nor_is_produced()
    {
        // Given
        var pipeline = Pipeline().Step("train.fit", inputs: ["data/train.csv"]);

        // When
        pipeline.Build(out var diagnostics);

        // Then
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("PB3004", error.Code);
        Assert.Equal("input 'data/train.csv' of step 'train.fit' does not exist and no step produces it", error.Message);
        Assert.Equal(2, error.Location.Line);
        Assert.NotNull(error.Hint);
    }

    [Fact]
    public void Should_report_a_glob_that_matches_no_file_and_no_output()
    {
        // Given: a file exists, but not one the glob matches
        Workspace.Write("data/raw/a.txt", "x");
        var pipeline = Pipeline().Step("train.fit", inputs: ["data/raw/**/*.csv"]);

        // When
        pipeline.Build(out var diagnostics);

        // Then
        Assert.Equal(["PB3004"], GraphPipeline.Codes(diagnostics));
    }

    [Fact]
    public void Should_accept_inputs_that_exist_on_disk()
    {
        // Given: a file, a folder and a glob that exist in the workspace
        Workspace.Write("src/train.py", "print(1)");
        Workspace.Write("data/raw/2024/a.csv", "a,b");
        var pipeline = Pipeline().Step("train.fit", inputs: ["src/train.py", "data/", "data/raw/**/*.csv"]);

        // When
        pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
    }
}
