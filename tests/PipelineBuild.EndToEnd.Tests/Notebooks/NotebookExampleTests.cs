using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using PipelineBuild.Testing;

namespace PipelineBuild.EndToEnd.Tests.Notebooks;

/// <summary>examples/notebook end to end on a fresh copy: SQLite → notebook fetch → notebook training → evaluation → model artifact.</summary>
public sealed class NotebookExampleTests
{
    private static readonly string Example = Path.Combine(
        typeof(NotebookExampleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
        "examples", "notebook");

    [JupyterFact]
    public void Should_fetch_train_evaluate_and_publish_the_model_then_do_nothing_the_second_time()
    {
        // Given a fresh copy of the example (what git would check out)
        using var copy = TestWorkspace.Create();
        foreach (var file in new[] { "pipeline.yaml", "params.yaml", "data/iris.sql", "src/load_db.py", "notebooks/fetch.ipynb", "notebooks/train.ipynb", "notebooks/evaluate.ipynb" })
        {
            copy.Write(file, File.ReadAllText(Path.Combine(Example, file)));
        }

        // When the README's command runs, twice
        var (first, firstReport) = Run(copy.Root);
        var (second, secondReport) = Run(copy.Root);

        // Then every step ran, the model is good on held-out rows and was published
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.All(firstReport.Steps.Values, s => Assert.Equal("ran", s.State));
        Assert.Equal(["data.database", "data.fetch", "train.evaluate", "train.fit"], firstReport.Steps.Keys.Order(StringComparer.Ordinal));
        var metrics = copy.Read("metrics/eval.json");
        var accuracy = double.Parse(Regex.Match(metrics, "\"accuracy\": ([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 0.9, metrics);
        Assert.Equal(("1.0.0", true), firstReport.Artifact("iris-model"));
        Assert.Contains("<html", copy.Read("reports/train.evaluate.html"), StringComparison.Ordinal);

        // And the second run found everything up to date
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.All(secondReport.Steps.Values, s => Assert.Equal("up-to-date", s.State));
    }

    private static (ToolResult Result, ReportReader Report) Run(string workspace)
    {
        var reportPath = Path.Combine(Path.GetTempPath(), $"pb-report-{Guid.NewGuid():N}.json");
        var result = PipelineTool.Run(workspace, ["run", "--report", reportPath]);
        var report = ReportReader.Read(reportPath);
        File.Delete(reportPath);
        return (result, report);
    }
}
