using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Tests.Experiments;

public sealed class SuggestionsTests
{
    [Theory]
    [InlineData("rn", "run")]
    [InlineData("--forse", "--force")]
    [InlineData("trian.fit", "train.fit")]
    [InlineData("stauts", "status")]
    [InlineData("zzzzzz", null)]
    public void Should_suggest_the_nearest_name_within_a_typo(string word, string? expected) =>
        Assert.Equal(expected, Suggestions.Best(word, ["run", "status", "--force", "train.fit"]));

    [Fact]
    public void Should_list_the_valid_names_when_none_is_near()
    {
        Assert.Equal("valid stages: prepare, train", Suggestions.Hint("zzzzzzzz", ["prepare", "train"], "stages"));
        Assert.Equal("did you mean 'train'?", Suggestions.Hint("trian", ["prepare", "train"], "stages"));
    }
}
