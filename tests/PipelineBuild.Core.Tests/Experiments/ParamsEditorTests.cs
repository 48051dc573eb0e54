using PipelineBuild.Core.Experiments;

namespace PipelineBuild.Core.Tests.Experiments;

public sealed class ParamsEditorTests
{
    [Fact]
    public void Should_replace_only_the_named_scalars_keeping_comments_and_layout()
    {
        // Given inline params in flow and block style, with comments
        const string text = """
            pipeline: p
            params:              # defaults
              train: { lr: 0.1, depth: 3 }   # flow
              seed: 42
              name: "base"
            stages: {}
            """;

        // When
        var edited = ParamsEditor.Set(text, "params", new Dictionary<string, string> { ["train.lr"] = "0.01", ["name"] = "a b", ["seed"] = "7" }, out var missing);

        // Then
        Assert.Equal(text.Replace("lr: 0.1", "lr: 0.01", StringComparison.Ordinal).Replace("seed: 42", "seed: 7", StringComparison.Ordinal).Replace("\"base\"", "\"a b\"", StringComparison.Ordinal), edited);
        Assert.Empty(missing);
    }

    [Fact]
    public void Should_report_names_it_cannot_find_and_name_the_params_file()
    {
        var edited = ParamsEditor.Set("lr: 1\nlayers: [1, 2]\n", null, new Dictionary<string, string> { ["lr"] = "2", ["layers"] = "3", ["nope"] = "1" }, out var missing);

        Assert.Equal("lr: 2\nlayers: [1, 2]\n", edited);
        Assert.Equal(["layers", "nope"], missing);
        Assert.Equal("params.yaml", ParamsEditor.ParamsFileOf("pipeline: p\nparams: params.yaml\n"));
        Assert.Null(ParamsEditor.ParamsFileOf("pipeline: p\nparams: { a: 1 }\n"));
    }
}
