using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Core.Tests.Runs;

public sealed class RunReferencesTests
{
    private static readonly string[] NewestFirst = ["0cfcc6c1a8f8f753", "0cfcc6c0398f666b", "0b000000deadbeef"];

    [Theory]
    [InlineData("latest", "0cfcc6c1a8f8f753")]
    [InlineData("latest~1", "0cfcc6c0398f666b")]
    [InlineData("latest~2", "0b000000deadbeef")]
    [InlineData("0cfcc6c0", "0cfcc6c0398f666b")]
    [InlineData("0B00", "0b000000deadbeef")]
    [InlineData("0cfcc6c1a8f8f753", "0cfcc6c1a8f8f753")]
    public void Should_resolve_ids_prefixes_and_latest(string reference, string expected) =>
        Assert.Equal(expected, RunReferences.Resolve(NewestFirst, reference));

    [Theory]
    [InlineData("0cfc", RunCodes.AmbiguousRun)]
    [InlineData("0cf", RunCodes.UnknownRun)]
    [InlineData("ffff", RunCodes.UnknownRun)]
    [InlineData("latest~3", RunCodes.UnknownRun)]
    [InlineData("latest~x", RunCodes.UnknownRun)]
    public void Should_explain_references_that_name_no_single_run(string reference, string code)
    {
        var error = Assert.Throws<PipelineException>(() => RunReferences.Resolve(NewestFirst, reference));
        Assert.Equal(code, error.Code);
        Assert.Equal(ExitCodes.InvalidInput, error.ExitCode);
    }
}
