using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Loading;

namespace PipelineBuild.Core.Tests.Loading;

/// <summary>Shortcuts for loader tests: load text as <c>pipeline.yaml</c> and find diagnostics.</summary>
internal static class LoaderTestKit
{
    public const string FilePath = "pipelines/train.yaml";

    public static LoadResult Load(string yaml, LoadOptions? options = null) =>
        new PipelineLoader(options ?? LoadOptions.Default).LoadFromText(yaml, FilePath);

    public static PipelineDiagnostic Single(LoadResult result, string code)
    {
        var matches = result.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matches.Count == 1, $"expected one {code}, got: {Describe(result)}");
        return matches[0];
    }

    public static void AssertAt(PipelineDiagnostic diagnostic, int line, int column)
    {
        Assert.Equal(FilePath, diagnostic.Location.File);
        Assert.Equal((line, column), (diagnostic.Location.Line, diagnostic.Location.Column));
    }

    public static string Describe(LoadResult result) =>
        result.Diagnostics.Count == 0 ? "(no diagnostics)" : string.Join(Environment.NewLine, result.Diagnostics);

    public static LoadResult AssertLoads(string yaml, LoadOptions? options = null)
    {
        var result = Load(yaml, options);
        Assert.True(result.Succeeded, Describe(result));
        return result;
    }
}
