using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Graph;

public sealed class WorkspaceBoundaryTests : GraphTestBase
{
    [Theory]
    [InlineData("../models/model.pkl", "climbs out of the workspace")]
    [InlineData("models/../../model.pkl", "climbs out of the workspace")]
    [InlineData("/tmp/model.pkl", "is an absolute path")]
    [InlineData("C:/models/model.pkl", "is an absolute path")]
    public void Should_report_an_output_outside_the_workspace(string output, string why)
    {
        // Given
        var pipeline = Pipeline().Step("train.fit", outputs: [output]);

        // When
        pipeline.Build(out var diagnostics);

        // Then
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("PB3003", error.Code);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Location.Line);
    }

    [Theory]
    [InlineData("../data/raw.csv")]
    [InlineData("/etc/hosts")]
    [InlineData("../data/**/*.csv")]
    public void Should_report_an_input_outside_the_workspace(string input)
    {
        // Given
        var pipeline = Pipeline().Step("train.fit", inputs: [input]);

        // When
        pipeline.Build(out var diagnostics);

        // Then
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("PB3006", error.Code);
    }

    [Fact]
    public void Should_report_an_output_that_resolves_through_a_symlink_to_outside_the_workspace()
    {
        // Given: 'models' is a link to a folder outside the workspace
        using var outside = TestWorkspace.Create();
        Directory.CreateSymbolicLink(Workspace.PathOf("models"), outside.Root);
        var pipeline = Pipeline().Step("train.fit", outputs: ["models/model.pkl"]);

        // When
        pipeline.Build(out var diagnostics);

        // Then
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("PB3003", error.Code);
        Assert.Contains("symlink", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_report_an_input_that_resolves_through_a_relative_symlink_to_outside_the_workspace()
    {
        // Given: 'data/raw' -> '../../<outside>' written relative, as users often do
        using var outside = TestWorkspace.Create();
        outside.Write("raw.csv", "a,b");
        Directory.CreateDirectory(Workspace.PathOf("data"));
        var relative = Path.GetRelativePath(Workspace.PathOf("data"), outside.Root);
        Directory.CreateSymbolicLink(Workspace.PathOf("data/raw"), relative);
        var pipeline = Pipeline().Step("train.fit", inputs: ["data/raw/raw.csv", "data/raw/*.csv"]);

        // When
        pipeline.Build(out var diagnostics);

        // Then
        Assert.Equal(["PB3006", "PB3006"], GraphPipeline.Codes(diagnostics));
    }

    [Fact]
    public void Should_accept_a_symlink_that_stays_inside_the_workspace()
    {
        // Given
        Workspace.Write("store/raw.csv", "a,b");
        Directory.CreateSymbolicLink(Workspace.PathOf("data"), Workspace.PathOf("store"));
        var pipeline = Pipeline().Step("train.fit", inputs: ["data/raw.csv"], outputs: ["data/out.csv"]);

        // When
        pipeline.Build(out var diagnostics);

        // Then
        Assert.Empty(diagnostics.Items);
    }
}
