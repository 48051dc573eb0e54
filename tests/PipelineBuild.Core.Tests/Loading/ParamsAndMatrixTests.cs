using PipelineBuild.Core.Loading;
using PipelineBuild.Testing;
using static PipelineBuild.Core.Tests.Loading.LoaderTestKit;

namespace PipelineBuild.Core.Tests.Loading;

public sealed class ParamsAndMatrixTests
{
    private const string UsesParams = """
        pipeline: p
        params: params.yaml
        stages:
          s:
            steps:
              a:
                run: fit --depth ${{ params.train.depth }} --lr ${{ params.train.lr }} --seed ${{ params.seed }}
        """;

    [Fact]
    public void Should_apply_params_file_then_params_file_option_then_param_overrides()
    {
        // Given defaults in the workspace's params file and both kinds of override
        using var ws = TestWorkspace.Create();
        ws.Write("params.yaml", "seed: 1\ntrain: { depth: 5, lr: 0.1 }\n");
        ws.Write("override.yaml", "train: { lr: 0.5 }\n");
        var pipelineFile = ws.Write("pipeline.yaml", UsesParams);
        var options = new LoadOptions(["train.depth=7", "seed='9'"], ws.PathOf("override.yaml"), LoadOptions.Default.ProcessEnvironment);

        // When
        var result = new PipelineLoader(options).Load(pipelineFile);

        // Then the later source wins, key by key
        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal("fit --depth 7 --lr 0.5 --seed 9", result.Pipeline!.Steps[0].Command);
        Assert.Equal(ws.Root, result.Pipeline.WorkspaceRoot);
    }

    [Fact]
    public void Should_report_an_override_of_an_unknown_param_with_the_nearest_name()
    {
        // Given / When
        var result = Load("pipeline: p\nparams: { train: { depth: 5 } }\nstages: {}\n", LoadOptions.Default with { ParamOverrides = ["train.dept=7"] });

        // Then
        var diagnostic = Single(result, "PB2014");
        Assert.Equal("--param", diagnostic.Location.ToString());
        Assert.Equal("did you mean 'train.depth'?", diagnostic.Hint);
    }

    [Fact]
    public void Should_report_a_missing_params_file_at_its_reference()
    {
        // Given / When / Then
        AssertAt(Single(Load("pipeline: p\nparams: nowhere.yaml\n"), "PB2011"), 2, 9);
    }

    [Fact]
    public void Should_expand_a_matrix_into_one_step_per_combination()
    {
        // Given
        const string yaml = """
            pipeline: p
            stages:
              train:
                steps:
                  fit:
                    matrix: { lr: [0.1, 0.01], depth: [3, 5] }
                    run: fit --lr ${{ matrix.lr }} --depth ${{ matrix.depth }}
                    outputs: ["models/${{ matrix.lr }}-${{ matrix.depth }}.pkl"]
            """;

        // When
        var pipeline = AssertLoads(yaml).Pipeline!;

        // Then the first key is outermost
        Assert.Equal(
            ["train.fit[lr=0.1,depth=3]", "train.fit[lr=0.1,depth=5]", "train.fit[lr=0.01,depth=3]", "train.fit[lr=0.01,depth=5]"],
            pipeline.Steps.Select(s => s.Id));
        Assert.Equal(pipeline.Steps.Select(s => s.Id), pipeline.Stages[0].StepIds);
        var cell = pipeline.Steps[2];
        Assert.Equal(("fit", "fit --lr 0.01 --depth 3", "models/0.01-3.pkl"), (cell.Name, cell.Command, cell.Outputs[0].Path));
        Assert.Equal([new("lr", "0.01"), new KeyValuePair<string, string>("depth", "3")], cell.Matrix);
    }

    [Fact]
    public void Should_report_an_empty_matrix_list_and_an_unknown_matrix_key()
    {
        // Given
        const string yaml = """
            pipeline: p
            stages:
              s:
                steps:
                  a:
                    matrix: { lr: [] }
                    run: x
                  b:
                    matrix: { lr: [1] }
                    run: x ${{ matrix.rl }}
            """;

        // When
        var result = Load(yaml);

        // Then
        AssertAt(Single(result, "PB2016"), 6, 23);
        var unknown = Single(result, "PB2012");
        AssertAt(unknown, 10, 16);
        Assert.Equal("did you mean 'lr'?", unknown.Hint);
    }
}
