using System.Globalization;
using System.Text;
using PipelineBuild.Core.Loading;
using PipelineBuild.Core.Model;
using PipelineBuild.Testing;
using static PipelineBuild.Core.Tests.Loading.LoaderTestKit;

namespace PipelineBuild.Core.Tests.Loading;

public sealed class InputFileTests
{
    [Fact]
    public void Should_report_a_tab_used_as_indentation_on_its_own_line()
    {
        // Given a tab as the indentation of line 6
        var result = Load("pipeline: p\nstages:\n  s:\n    steps:\n      a:\n\trun: echo\n");

        // Then the error points at line 6, not at the start of the enclosing mapping
        Assert.Equal(6, Single(result, "PB2008").Location.Line);
    }

    [Fact]
    public void Should_refuse_a_character_device_without_reading_it()
    {
        // Given / When
        var result = new PipelineLoader(LoadOptions.Default).Load("/dev/zero");

        // Then
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("PB2040", diagnostic.Code);
        Assert.Contains("not a regular file", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_merge_and_override_a_hundred_thousand_params()
    {
        // Given defaults with 3 params and a params file with 100,000, one of them also a default
        using var workspace = TestWorkspace.Create();
        var text = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"k{i}: v{i}\n");
        }

        var paramsFile = workspace.Write("params.yaml", text.ToString());
        var pipeline = workspace.Write("pipeline.yaml", "pipeline: p\nparams: { k1: default, a: 1, b: 2 }\nstages:\n  s:\n    steps:\n      x:\n        run: echo ${{ params.k99999 }} ${{ params.k1 }} ${{ params.k7 }}\n");

        // When loaded with one override
        var result = new PipelineLoader(new LoadOptions(["k7=seven"], paramsFile, new Dictionary<string, string>())).Load(pipeline);

        // Then every param is there once, in order, with the file and the override applied
        Assert.True(result.Succeeded, Describe(result));
        var root = result.Pipeline!.Params.Root;
        Assert.Equal(100_002, root.Entries.Count);
        Assert.Equal("k1", root.Entries[0].Key);
        Assert.Equal(new ScalarValue("v1"), root["k1"]);
        Assert.Equal(new ScalarValue("seven"), root["k7"]);
        Assert.Equal(new ScalarValue("v99999"), root["k99999"]);
        Assert.Equal(new ScalarValue("1"), root["a"]);
    }
}
