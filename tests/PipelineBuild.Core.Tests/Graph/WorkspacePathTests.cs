using PipelineBuild.Core.Graph;

namespace PipelineBuild.Core.Tests.Graph;

public sealed class WorkspacePathTests
{
    [Theory]
    [InlineData("data/x.csv", "data/x.csv")]
    [InlineData("./data//x.csv", "data/x.csv")]
    [InlineData("data/split/", "data/split")]
    [InlineData("data\\split\\x.csv", "data/split/x.csv")]
    [InlineData("data/tmp/../x.csv", "data/x.csv")]
    [InlineData(".", "")]
    [InlineData("../x.csv", null)]
    [InlineData("a/../../x.csv", null)]
    [InlineData("/etc/hosts", null)]
    [InlineData("C:\\data", null)]
    public void Should_normalize_a_workspace_path_or_reject_one_that_leaves_it(string path, string? expected)
    {
        // Given / When
        var normalized = WorkspacePath.Normalize(path);

        // Then
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("data/raw/**/*.csv", "data/raw")]
    [InlineData("**/*.csv", "")]
    [InlineData("data/*/x.csv", "data")]
    public void Should_take_the_folders_before_the_first_wildcard_as_the_literal_prefix_of_a_glob(string glob, string prefix)
    {
        // Given / When / Then
        Assert.Equal(prefix, WorkspacePath.LiteralPrefix(glob));
    }
}
