namespace PipelineBuild.EndToEnd.Tests.Notebooks;

/// <summary>Notebook steps with <c>image:</c>: Jupyter (nbclient, the python3 kernel) inside a container of a real engine.</summary>
public sealed class ContainerNotebookTests
{
    private const string Pipeline = """
        pipeline: boxed-nb
        params: { train: { epochs: 3 } }
        images:
          jupyter: { build: docker/jupyter }
        stages:
          train:
            steps:
              fit:
                notebook: notebooks/train.ipynb
                image: jupyter
                params: [train.epochs]
                with: { label: in-a-box }
                metrics: [metrics/train.json]
                export: html
        """;

    private static readonly string TrainNotebook = NotebookJson.Code(
        ("epochs = 1\nlabel = 'by-hand'", "parameters"),
        ("import json, os\nprint(f'epochs={epochs!r} label={label!r} cwd={os.getcwd()} container={os.path.exists(\"/.dockerenv\")}')\nos.makedirs('metrics', exist_ok=True)\njson.dump({'loss': 1 / epochs}, open('metrics/train.json', 'w'))", null));

    [JupyterImageFact]
    public void Should_run_the_notebook_in_a_container_of_its_image_with_the_steps_values_and_record_its_metrics()
    {
        // Given a notebook step whose image is built from a Dockerfile on the Jupyter image
        Assert.Null(JupyterImageFactAttribute.Unavailable());
        using var scenario = Given(TrainNotebook);

        // When the pipeline runs it, twice
        var (first, report) = scenario.Run();
        var (_, second) = scenario.Run();

        // Then the notebook ran in the container, in the mounted workspace, with the injected values
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("ran", report.State("train.fit"));
        var cells = NotebookJson.Cells(scenario.Workspace.Read("reports/train.fit.ipynb"));
        Assert.Equal(["injected-parameters"], cells[1].Tags);
        Assert.Equal("epochs=3 label='in-a-box' cwd=/workspace container=True\n", cells[2].Output);
        Assert.Contains("in-a-box", scenario.Workspace.Read("reports/train.fit.html"), StringComparison.Ordinal);
        var run = scenario.Json("runs", "show", report.RunId);
        Assert.Equal(1 / 3.0, run.GetProperty("metrics").GetProperty("metrics/train.json").GetProperty("loss").GetDouble(), 12);

        // And the second run found it up to date; the lock file pins the image's build key and where the kernel ran
        Assert.Equal("up-to-date", second.State("train.fit"));
        var lockFile = scenario.Workspace.Read("pipeline.lock");
        Assert.Contains("\"kernel\": \"python3 in image jupyter\"", lockFile, StringComparison.Ordinal);
        Assert.Matches("\"image\": \"build:sha256:[0-9a-f]{64}\"", lockFile);
        Assert.Empty(Directory.EnumerateFileSystemEntries(scenario.Workspace.PathOf(".pipeline/notebooks"))); // the driver and its request are removed
    }

    [JupyterImageFact]
    public void Should_fail_a_container_notebook_naming_the_cell_the_line_and_the_tracebacks_last_line()
    {
        // Given a notebook whose third cell divides by zero on its second line
        Assert.Null(JupyterImageFactAttribute.Unavailable());
        using var scenario = Given(NotebookJson.Code(("epochs = 1", "parameters"), ("x = 1", null), ("total = 0\ny = x / total", null)));

        // When it runs
        var (result, report) = scenario.Run();

        // Then the step failed with where and what
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("failed", report.State("train.fit"));
        Assert.Contains("notebooks/train.ipynb: cell 3, line 2: ZeroDivisionError: division by zero", result.Stdout, StringComparison.Ordinal);
    }

    [JupyterImageFact]
    public void Should_say_what_the_image_lacks_when_it_has_no_jupyter()
    {
        // Given a notebook step whose image has no Python at all
        Assert.Null(JupyterImageFactAttribute.Unavailable());
        using var scenario = Given(TrainNotebook, from: Docker.TestEngine.BaseImage);

        // When it runs
        var (result, report) = scenario.Run();

        // Then the step failed, saying what the image needs
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("failed", report.State("train.fit"));
        Assert.Contains("the image 'jupyter' could not run the Jupyter driver (exit code 127); it needs python3 with nbclient, nbconvert and the 'python3' kernel", result.Stdout, StringComparison.Ordinal);
    }

    private static Scenario Given(string notebook, string from = JupyterImageFactAttribute.Image)
    {
        var scenario = new Scenario(Pipeline);
        scenario.Workspace.Write("docker/jupyter/Dockerfile", $"FROM {from}\n");
        scenario.Workspace.Write("notebooks/train.ipynb", notebook);
        return scenario;
    }
}
