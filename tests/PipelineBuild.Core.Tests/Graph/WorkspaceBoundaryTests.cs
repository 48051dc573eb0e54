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

    [Fact]
    public void Should_find_links_and_missing_files_among_many_files_of_one_folder()
    {
        // Given: enough files in one folder that it is scanned rather than checked file by file,
        // one file linked outside, one linked inside, one link to nothing and one missing file
        using var outside = TestWorkspace.Create();
        outside.Write("secret.txt", "s");
        var inputs = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            Workspace.Write($"in/f{i:000}.txt", "x");
            inputs.Add($"in/f{i:000}.txt");
        }

        File.CreateSymbolicLink(Workspace.PathOf("in/escape.txt"), Path.Combine(outside.Root, "secret.txt"));
        File.CreateSymbolicLink(Workspace.PathOf("in/inside.txt"), Workspace.PathOf("in/f000.txt"));
        File.CreateSymbolicLink(Workspace.PathOf("in/dangling.txt"), Workspace.PathOf("in/none.txt"));
        inputs.AddRange(["in/escape.txt", "in/inside.txt", "in/dangling.txt", "in/missing.txt"]);
        var pipeline = Pipeline().Step("train.fit", inputs: [.. inputs]);

        // When
        pipeline.Build(out var diagnostics);

        // Then (a dangling link counts as present, as File.Exists has it)
        Assert.Equal(
            ["input 'in/escape.txt' of step 'train.fit' resolves through a symlink to a place outside the workspace",
             "input 'in/missing.txt' of step 'train.fit' does not exist and no step produces it"],
            diagnostics.Items.Select(d => d.Message));
    }
}
