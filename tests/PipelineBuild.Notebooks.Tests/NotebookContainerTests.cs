using PipelineBuild.Core.Model;

namespace PipelineBuild.Notebooks.Tests;

public sealed class NotebookContainerTests
{
    [Fact]
    public void Should_run_the_driver_as_a_container_step_of_the_same_image_with_quoted_workspace_paths()
    {
        // Given a notebook step with an image and an env
        var notebook = new StepDefinition
        {
            Id = "train.fit",
            Stage = "train",
            Name = "fit",
            Location = Core.Diagnostics.SourceLocation.Nowhere,
            Kind = StepKind.Notebook,
            Notebook = "notebooks/train.ipynb",
            Kernel = "python3",
            Image = "jupyter",
            Shell = "bash",
            Env = new Dictionary<string, string>(StringComparer.Ordinal) { ["SEED"] = "1" },
        };

        // When it becomes the container step that runs the driver
        var command = NotebookContainer.Command(
            NotebookContainer.PathInContainer("/ws", "/ws/.pipeline/notebooks/r1/train.fit.driver.py"),
            "/workspace/.pipeline/notebooks/r1/train.fit.json",
            "/workspace/it's.json");
        var step = NotebookContainer.Step(notebook, command);

        // Then it is a container step in the same image, under sh, with the step's env, every path one quoted word
        Assert.Equal(StepKind.Container, step.Kind);
        Assert.Equal("jupyter", step.Image);
        Assert.Null(step.Shell);
        Assert.Equal("1", step.Env["SEED"]);
        Assert.Equal("'python3' '/workspace/.pipeline/notebooks/r1/train.fit.driver.py' 'run' '/workspace/.pipeline/notebooks/r1/train.fit.json' '/workspace/it'\\''s.json'", step.Command);
        Assert.Equal("python3 in image jupyter", NotebookContainer.KernelIdentity(notebook));
    }
}
