using PipelineBuild.Core.Runs;

namespace PipelineBuild.Core.Tests.Runs;

public sealed class MetricsFileReaderTests
{
    [Fact]
    public void Should_flatten_nested_json_with_dots_and_leave_out_non_numbers()
    {
        var values = MetricsFileReader.Parse("""{ "acc": 0.9, "train": { "loss": 0.25, "folds": [1, 2] }, "model": "rf", "ok": true }""", "m.json", out var problem);

        Assert.Null(problem);
        Assert.Equal(["acc", "train.loss", "train.folds.0", "train.folds.1"], values.Select(v => v.Key));
        Assert.Equal(0.25, values[1].Value);
    }

    [Fact]
    public void Should_read_the_NaN_and_Infinity_that_Python_writes()
    {
        var values = MetricsFileReader.Parse("""{"auc": NaN, "ratio": Infinity, "low": -Infinity, "f1": 0.5}""", "m.json", out var problem);

        Assert.Null(problem);
        Assert.True(double.IsNaN(values[0].Value));
        Assert.Equal(double.PositiveInfinity, values[1].Value);
        Assert.Equal(double.NegativeInfinity, values[2].Value);
        Assert.Equal(0.5, values[3].Value);
    }

    [Fact]
    public void Should_read_yaml_metrics()
    {
        var values = MetricsFileReader.Parse("eval:\n  rmse: 1.5e-3\n  r2: .nan\n", "m.yaml", out var problem);

        Assert.Null(problem);
        Assert.Equal(0.0015, values.Single(v => v.Key == "eval.rmse").Value);
        Assert.True(double.IsNaN(values.Single(v => v.Key == "eval.r2").Value));
    }

    [Fact]
    public void Should_report_a_file_that_is_neither_json_nor_yaml()
    {
        var values = MetricsFileReader.Parse("acc: [1, 2", "m.yaml", out var problem);

        Assert.Empty(values);
        Assert.NotNull(problem);
    }
}
