using PipelineBuild.Core.Loading;
using static PipelineBuild.Core.Tests.Loading.LoaderTestKit;

namespace PipelineBuild.Core.Tests.Loading;

public sealed class ExpressionExpansionTests
{
    private static string Pipeline(string steps) => $"pipeline: p\nparams:\n  seed: 42\n  train: {{ depth: 5, lr: 0.1 }}\nenv: {{ A: one }}\nstages:\n  s:\n    steps:\n{steps}";

    [Fact]
    public void Should_report_an_unknown_param_at_the_expression()
    {
        // Given
        var yaml = Pipeline("      a:\n        run: echo ${{ params.train.dpth }}\n");

        // When
        var diagnostic = Single(Load(yaml), "PB2005");

        // Then the column is the expression's, and the nearest param is suggested
        AssertAt(diagnostic, 10, 19);
        Assert.Equal("did you mean 'train.depth'?", diagnostic.Hint);
    }

    [Fact]
    public void Should_expand_params_env_and_maps_and_record_referenced_params()
    {
        // Given whitespace variants, a map param and env from pipeline, step and process
        var yaml = Pipeline("      a:\n        run: run ${{params.seed}} '${{ params.train }}' ${{ env.A }}${{ env.B }} ${{ env.HOME }}\n        env:\n          B: two-${{ params.train.lr }}\n        params: [train.depth]\n");
        var options = LoadOptions.Default with { ProcessEnvironment = new Dictionary<string, string> { ["HOME"] = "/home/u" } };

        // When
        var step = AssertLoads(yaml, options).Pipeline!.Steps[0];

        // Then
        Assert.Equal("run 42 '{\"depth\":\"5\",\"lr\":\"0.1\"}' onetwo-0.1 /home/u", step.Command);
        Assert.Equal(["seed", "train", "train.depth", "train.lr"], step.Params);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "one", ["B"] = "two-0.1" }, step.Env);
    }

    [Fact]
    public void Should_expand_step_outputs_and_add_a_need()
    {
        // Given a step that reads what another writes
        var yaml = Pipeline("      make:\n        run: make\n        outputs: [out/a.bin, out/dir/]\n      use:\n        run: use ${{ steps.s.make.outputs }}\n        inputs: [\"${{ steps.s.make.outputs }}\"]\n");

        // When
        var use = AssertLoads(yaml).Pipeline!.Steps[1];

        // Then
        Assert.Equal("use out/a.bin out/dir/", use.Command);
        Assert.Equal(["out/a.bin", "out/dir"], use.Inputs.Select(i => i.Path));
        Assert.Equal("s.make", Assert.Single(use.Needs).Target);
    }

    [Theory]
    [InlineData("${{ steps.s.nope.outputs }}", "unknown step 's.nope'")]
    [InlineData("${{ secrets.X }}", "invalid expression")]
    [InlineData("${{ env.NOT_SET }}", "unknown env variable 'NOT_SET'")]
    [InlineData("${{ matrix.x }}", "outside a matrix step")]
    [InlineData("${{ params.seed", "unclosed expression")]
    public void Should_report_bad_expressions(string expression, string message)
    {
        // Given / When
        var diagnostic = Single(Load(Pipeline($"      a:\n        run: echo {expression}\n")), "PB2012");

        // Then
        AssertAt(diagnostic, 10, 19);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_report_an_unknown_param_listed_under_params()
    {
        // Given / When / Then
        AssertAt(Single(Load(Pipeline("      a:\n        run: x\n        params: [train.depht]\n")), "PB2005"), 11, 18);
    }

    [Fact]
    public void Should_normalize_paths_and_keep_those_outside_the_workspace_for_the_graph()
    {
        // Given
        var yaml = Pipeline("      a:\n        run: x\n        inputs: ['.\\src\\a.py', 'src/./b/../c.py', '../up.txt', '/abs/x', 'data/*.csv', 'f/']\n        outputs: [out/]\n");

        // When
        var step = AssertLoads(yaml).Pipeline!.Steps[0];

        // Then
        Assert.Equal(["src/a.py", "src/c.py", "../up.txt", "/abs/x", "data/*.csv", "f"], step.Inputs.Select(i => i.Path));
        Assert.Equal(Model.InputKind.Glob, step.Inputs[4].Kind);
        Assert.True(step.Inputs[5].IsFolder);
        Assert.True(step.Outputs[0].IsFolder);
    }
}
