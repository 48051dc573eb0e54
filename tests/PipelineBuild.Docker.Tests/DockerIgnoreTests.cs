using PipelineBuild.Docker.Images;

namespace PipelineBuild.Docker.Tests;

public sealed class DockerIgnoreTests
{
    [Theory]
    [InlineData("*.pyc", "model.pyc", true)]
    [InlineData("*.pyc", "src/model.pyc", false)]
    [InlineData("**/*.pyc", "src/deep/model.pyc", true)]
    [InlineData("data", "data/raw/a.csv", true)]
    [InlineData("/data/", "data/raw/a.csv", true)]
    [InlineData("data", "metadata/a.csv", false)]
    [InlineData("tmp?", "tmp1", true)]
    [InlineData("tmp?", "tmp12", false)]
    [InlineData("log[0-9].txt", "log3.txt", true)]
    [InlineData("log[!0-9].txt", "logx.txt", true)]
    public void Should_match_like_the_engine(string pattern, string path, bool excluded)
    {
        Assert.Equal(excluded, DockerIgnore.Parse([pattern]).IsExcluded(path));
    }

    [Fact]
    public void Should_let_the_last_matching_rule_win_so_exceptions_work()
    {
        var ignore = DockerIgnore.Parse(["# build output", "*.md", "!README.md", "", "docs/**"]);

        Assert.True(ignore.IsExcluded("NOTES.md"));
        Assert.False(ignore.IsExcluded("README.md"));
        Assert.True(ignore.IsExcluded("docs/README.md"));
        Assert.False(ignore.IsExcluded("train.py"));
    }
}
