using static PipelineBuild.Core.Tests.Graph.GraphPipeline;

namespace PipelineBuild.Core.Tests.Graph;

public sealed class ToolOwnedOutputTests : GraphTestBase
{
    [Theory]
    [InlineData(".git/")]
    [InlineData(".git/config")]
    [InlineData(".git/hooks/pre-commit")]
    [InlineData("vendor/lib/.git/HEAD")]
    [InlineData(".pipeline/")]
    [InlineData(".pipeline/runs.db")]
    [InlineData(".pipeline/lock")]
    [InlineData(".pipeline/cache/ac/ab/x.json")]
    [InlineData("pipeline.yaml")]
    [InlineData("pipeline.lock")]
    [InlineData("./pipeline.lock")]
    public void Should_refuse_an_output_the_tool_or_git_owns(string output)
    {
        // Given
        var pipeline = Pipeline().Step("train.fit", outputs: [output]);

        // When
        pipeline.Build(out var diagnostics);

        // Then
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("PB3011", error.Code);
        Assert.Equal(2, error.Location.Line);
        Assert.Contains($"output '{output}' of step 'train.fit'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("models/git/config")]
    [InlineData("build/.gitignore")]
    [InlineData("pipeline/")]
    [InlineData("reports/pipeline.lock")]
    public void Should_accept_outputs_that_only_look_like_tool_files(string output)
    {
        var pipeline = Pipeline().Step("train.fit", outputs: [output]);

        pipeline.Build(out var diagnostics);

        Assert.Empty(diagnostics.Items);
    }
}
