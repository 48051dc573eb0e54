using PipelineBuild.Core.Model;
using static PipelineBuild.Core.Tests.Loading.LoaderTestKit;

namespace PipelineBuild.Core.Tests.Loading;

public sealed class PlotsLoadingTests
{
    [Fact]
    public void Should_read_step_and_top_level_plots_in_dvcs_shape_and_make_step_plots_outputs()
    {
        // Given
        const string yaml = """
            pipeline: p
            stages:
              train:
                steps:
                  fit:
                    run: ./train
                    plots:
                      - plots/loss.csv: { x: epoch, y: [loss, val_loss], template: smooth, title: Loss, x_label: epoch, y_label: value }
                      - plots/confusion.png
            plots:
              - plots/roc.json: { template: roc }
            """;

        // When
        var pipeline = AssertLoads(yaml).Pipeline!;

        // Then
        var step = pipeline.Steps.Single();
        Assert.Equal(["plots/loss.csv", "plots/confusion.png"], step.Plots.Select(p => p.Path));
        var loss = step.Plots[0];
        Assert.Equal(("train.fit", PlotTemplate.Smooth, "epoch", "Loss", "epoch", "value"), (loss.Step, loss.Template, loss.X, loss.Title, loss.XLabel, loss.YLabel));
        Assert.Equal(["loss", "val_loss"], loss.Y);
        Assert.True(step.Plots[1].IsImage);
        Assert.Equal(["plots/loss.csv", "plots/confusion.png"], step.Outputs.Select(o => o.Path));
        var roc = Assert.Single(pipeline.Plots);
        Assert.Equal((PlotTemplate.Roc, (string?)null), (roc.Template, roc.Step));
    }

    [Fact]
    public void Should_report_an_unknown_template_where_it_is_written_with_the_valid_names()
    {
        // Given
        const string yaml = """
            pipeline: p
            stages:
              s:
                steps:
                  a:
                    run: echo
                    plots:
                      - out.csv: { template: pie }
            """;

        // When
        var diagnostic = Single(Load(yaml), "PB2010");

        // Then
        AssertAt(diagnostic, 8, 34);
        Assert.Contains("linear, scatter, bar, confusion, roc, precision-recall, smooth", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_plot_file_that_is_neither_data_nor_an_image()
    {
        // Given / When
        var diagnostic = Single(Load("pipeline: p\nplots:\n  - model.zip\n"), "PB2010");

        // Then
        AssertAt(diagnostic, 3, 5);
        Assert.Contains(".csv", diagnostic.Hint, StringComparison.Ordinal);
    }
}
