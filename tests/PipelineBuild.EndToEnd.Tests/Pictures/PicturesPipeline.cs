using System.Globalization;

namespace PipelineBuild.EndToEnd.Tests.Pictures;

/// <summary>
/// A small host-step pipeline for the page tests, run five times with a different learning rate: two
/// independent steps (they run in parallel), a train step after both that writes metrics (accuracy rises
/// with the rate) and a loss curve (a plot of <see cref="Epochs"/> points). Shared by the tests of a class.
/// </summary>
public sealed class PicturesPipeline : IDisposable
{
    public const int Epochs = 4;

    public static readonly IReadOnlyList<double> Rates = [0.1, 0.2, 0.3, 0.4, 0.25];

    private const string Yaml = """
        pipeline: pictures
        params:
          train: { lr: 0.1, epochs: 4 }
        stages:
          prepare:
            steps:
              data:
                run: printf 'x,y\n1,2\n' > data.csv
                outputs: [data.csv]
              labels:
                run: echo setosa > labels.txt
                outputs: [labels.txt]
          train:
            steps:
              fit:
                run: |
                  mkdir -p metrics plots
                  awk -v lr=${{ params.train.lr }} -v n=${{ params.train.epochs }} 'BEGIN {
                    printf "{\"accuracy\": %.4f, \"loss\": %.4f}\n", 0.5 + lr, lr / n > "metrics/train.json"
                    print "epoch,loss" > "plots/loss.csv"
                    for (i = 1; i <= n; i++) printf "%d,%.4f\n", i, lr / i >> "plots/loss.csv"
                  }'
                inputs: [data.csv, labels.txt]
                metrics: [metrics/train.json]
                plots:
                  - plots/loss.csv: { x: epoch, y: loss, title: Loss per epoch, y_label: loss }
        """;

    private readonly Scenario _scenario = new(Yaml);

    public PicturesPipeline()
    {
        foreach (var rate in Rates)
        {
            var result = Tool("run", "--param", $"train.lr={rate.ToString(CultureInfo.InvariantCulture)}");
            Assert.True(result.ExitCode == 0, result.ToString());
        }
    }

    public string Root => _scenario.Root;

    internal ToolResult Tool(params string[] args) => _scenario.Tool(args);

    public string Path(string name) => System.IO.Path.Combine(Root, name);

    public void Dispose() => _scenario.Dispose();
}
