using NuGet.Versioning;
using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Tests.Artifacts;

public sealed class ArtifactVersionSpecTests
{
    [Theory]
    [InlineData("1.0.x", new string[0], "1.0.0")]
    [InlineData("1.0.x", new[] { "1.0.0", "1.0.1", "1.1.0" }, "1.0.2")]
    [InlineData("1.0.x", new[] { "1.0.9", "1.0.10-rc.1" }, "1.0.10")]
    [InlineData("0.1.x", new[] { "0.1.0" }, "0.1.1")]
    [InlineData("2.0.0-rc.1", new[] { "1.0.0" }, "2.0.0-rc.1")]
    public void Should_give_the_next_free_patch_or_the_exact_version(string spec, string[] existing, string expected) =>
        Assert.Equal(expected, ArtifactVersionSpec.Parse(spec).Next(existing.Select(NuGetVersion.Parse)).ToFullString());

    [Theory]
    [InlineData("1.x")]
    [InlineData("latest")]
    [InlineData("1.0.y")]
    [InlineData("01.0.0")]
    public void Should_reject_what_is_neither_a_pattern_nor_a_semver_version(string spec) =>
        Assert.False(ArtifactVersionSpec.TryParse(spec, out _));
}
