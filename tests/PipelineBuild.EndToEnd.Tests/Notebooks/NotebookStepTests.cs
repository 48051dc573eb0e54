namespace PipelineBuild.EndToEnd.Tests.Notebooks;

/// <summary>Notebook steps executed by a real Jupyter (nbclient and the python3 kernel).</summary>
public sealed class NotebookStepTests
{
    private const string Pipeline = """
        pipeline: nb
        params: { train: { epochs: 3, rate: 0.5 } }
        stages:
          train:
            steps:
              fit:
                notebook: notebooks/train.ipynb
                params: [train.epochs]
                with: { label: from-pipeline, flags: [1, true, x] }
                metrics: [metrics/train.json]
                export: html
        """;

    private static readonly string TrainNotebook = NotebookJson.Code(
        ("epochs = 1\nlabel = 'by-hand'\nflags = []", "parameters"),
        ("import json, os\nprint(f'epochs={epochs!r} label={label!r} flags={flags!r}')\nos.makedirs('metrics', exist_ok=True)\njson.dump({'loss': 1 / epochs}, open('metrics/train.json', 'w'))", null));

    [JupyterFact]
    public void Should_inject_the_steps_values_after_the_parameters_cell_and_record_the_notebooks_metrics()
    {
        // Given a notebook whose parameters cell has defaults for running by hand
        using var scenario = new Scenario(Pipeline);
        scenario.Workspace.Write("notebooks/train.ipynb", TrainNotebook);

        // When the pipeline runs it, twice
        var (first, report) = scenario.Run();
        var (_, second) = scenario.Run();

        // Then the executed notebook keeps the defaults, and the injected cell after them set the step's values
        Assert.True(first.ExitCode == 0, first.ToString());
        var cells = NotebookJson.Cells(scenario.Workspace.Read("reports/train.fit.ipynb"));
        Assert.Equal(["parameters"], cells[0].Tags);
        Assert.Equal("epochs = 1\nlabel = 'by-hand'\nflags = []", cells[0].Source);
        Assert.Equal(["injected-parameters"], cells[1].Tags);
        Assert.Contains("epochs = 3\n", cells[1].Source, StringComparison.Ordinal);
        Assert.Equal("epochs=3 label='from-pipeline' flags=[1, True, 'x']\n", cells[2].Output);
        Assert.Equal("ran", report.State("train.fit"));
        Assert.Contains("<html", scenario.Workspace.Read("reports/train.fit.html"), StringComparison.Ordinal);
        Assert.Contains("from-pipeline", scenario.Workspace.Read("reports/train.fit.html"), StringComparison.Ordinal);
        Assert.Equal("{\"loss\": 0.3333333333333333}", scenario.Workspace.Read("metrics/train.json"));
        var run = scenario.Json("runs", "show", report.RunId);
        Assert.True(run.GetProperty("metrics").TryGetProperty("metrics/train.json", out var recorded), run.ToString());
        Assert.Equal(1 / 3.0, recorded.GetProperty("loss").GetDouble(), 12);

        // And the second run found everything up to date; the lock file names the kernel's interpreter
        Assert.Equal("up-to-date", second.State("train.fit"));
        Assert.Matches("\"kernel\": \"python3: CPython 3\\.[0-9]+\\.[0-9]+\"", scenario.Workspace.Read("pipeline.lock"));
    }

    [JupyterFact]
    public void Should_rerun_when_the_notebook_or_an_injected_param_changes()
    {
        // Given a notebook step that ran
        using var scenario = new Scenario(Pipeline);
        scenario.Workspace.Write("notebooks/train.ipynb", TrainNotebook);
        scenario.Run().Result.Succeeds();

        // When a param changes, then the notebook's source
        var (_, param) = scenario.Run("--param", "train.epochs=4");
        scenario.Workspace.Write("notebooks/train.ipynb", TrainNotebook.Replace("1 / epochs", "2 / epochs", StringComparison.Ordinal));
        var (_, source) = scenario.Run("--param", "train.epochs=4");

        // Then each reran the step, for that reason
        Assert.Equal("param changed: train.epochs", param.Reason("train.fit"));
        Assert.Equal("input changed: notebooks/train.ipynb", source.Reason("train.fit"));
        Assert.Equal("{\"loss\": 0.5}", scenario.Workspace.Read("metrics/train.json"));
    }

    [JupyterFact]
    public void Should_fail_the_step_naming_the_cell_number_the_line_and_the_tracebacks_last_line()
    {
        // Given a notebook whose fourth cell (a markdown cell counts) divides by zero on its third line
        using var scenario = new Scenario(Pipeline.Replace("export: html", "export: html\n        outputs: [out/after.txt]", StringComparison.Ordinal));
        var notebook = NotebookJson.Code(("epochs = 1", "parameters"), ("x = 1", null), ("total = 0\nx = 2\ny = x / total", null), ("open('out/after.txt', 'w').write('reached')", null))
            .Replace("\"cells\":[", "\"cells\":[{\"cell_type\":\"markdown\",\"id\":\"title\",\"metadata\":{},\"source\":\"# Title\"},", StringComparison.Ordinal);
        scenario.Workspace.Write("notebooks/train.ipynb", notebook);

        // When it runs
        var (result, report) = scenario.Run();

        // Then the step failed with where and what, and no later cell ran
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("failed", report.State("train.fit"));
        Assert.Contains("notebooks/train.ipynb: cell 4, line 3: ZeroDivisionError: division by zero", result.Stdout, StringComparison.Ordinal);
        Assert.False(scenario.Workspace.Exists("out/after.txt"));
    }

    [JupyterFact]
    public void Should_exit_3_listing_the_installed_kernels_when_the_steps_kernel_is_missing()
    {
        // Given a step asking for a kernel nobody installed
        using var scenario = new Scenario(Pipeline.Replace("export: html", "kernel: no-such-kernel", StringComparison.Ordinal));
        scenario.Workspace.Write("notebooks/train.ipynb", TrainNotebook);

        // When it runs
        var result = scenario.Tool("run");

        // Then nothing ran and the error says which kernels there are
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("error PB6011: the Jupyter kernel 'no-such-kernel' is not installed (installed: ", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.Contains("python3", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }
}
