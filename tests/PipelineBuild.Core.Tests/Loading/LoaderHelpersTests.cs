using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Loading;

namespace PipelineBuild.Core.Tests.Loading;

public sealed class LoaderHelpersTests
{
    [Theory]
    [InlineData("90", 90)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("1h2m3s", 3723)]
    public void Should_parse_durations(string text, int seconds)
    {
        // Given / When / Then
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("5x")]
    [InlineData("m5")]
    [InlineData("30m1h")]
    [InlineData("-5")]
    public void Should_reject_bad_durations(string text)
    {
        // Given / When / Then
        Assert.False(DurationParser.TryParse(text, out _));
    }

    [Theory]
    [InlineData("1024", 1024L)]
    [InlineData("512m", 512L << 20)]
    [InlineData("2g", 2L << 30)]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("1.5gb", 3L << 29)]
    public void Should_parse_memory_sizes(string text, long bytes)
    {
        // Given / When / Then
        Assert.True(MemorySizeParser.TryParse(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("a\\b\\c", "a/b/c", false)]
    [InlineData("./a/./b/", "a/b", true)]
    [InlineData("a/../../b", "../b", false)]
    [InlineData("/x/../y", "/y", false)]
    [InlineData("./", ".", true)]
    [InlineData("data/raw/x.csv", "data/raw/x.csv", false)]
    [InlineData(" data/x ", "data/x", false)]
    [InlineData("a//b", "a/b", false)]
    [InlineData("a/..", ".", false)]
    [InlineData("", ".", false)]
    [InlineData("/", "/", false)]
    public void Should_normalize_paths(string path, string expected, bool folder)
    {
        // Given / When
        var normalized = PathNormalizer.Normalize(path, out var isFolder);

        // Then
        Assert.Equal((expected, folder), (normalized, isFolder));
    }

    [Theory]
    [InlineData("inptus", "inputs")]
    [InlineData("output", "outputs")]
    [InlineData("RUN", "run")]
    [InlineData("zzzzzz", null)]
    public void Should_suggest_only_close_keys(string word, string? expected)
    {
        // Given / When / Then
        Assert.Equal(expected, Suggestions.Best(word, ["run", "task", "inputs", "outputs"]));
    }
}
