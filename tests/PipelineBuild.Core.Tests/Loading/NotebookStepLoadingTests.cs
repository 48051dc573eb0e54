using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using static PipelineBuild.Core.Tests.Loading.LoaderTestKit;

namespace PipelineBuild.Core.Tests.Loading;

public sealed class NotebookStepLoadingTests
{
    [Fact]
    public void Should_load_a_notebook_step_with_its_source_as_an_input_and_its_executed_copies_as_outputs()
    {
        // Given a notebook step with an HTML export, in a stage with an image
        var result = AssertLoads("""
            pipeline: p
            stages:
              train:
                image: busybox
                steps:
                  fit:
                    notebook: notebooks/train.ipynb
                    export: html
                    outputs: [models/m.json]
            """);

        // Then it is a notebook step on the default kernel, not a container step
        var step = Assert.Single(result.Pipeline!.Steps);
        Assert.Equal(StepKind.Notebook, step.Kind);
        Assert.Null(step.Image);
        Assert.Equal("python3", step.Kernel);
        Assert.Equal("notebooks/train.ipynb", Assert.Single(step.Inputs).Path);
        Assert.Equal(["models/m.json", "reports/train.fit.ipynb", "reports/train.fit.html"], step.Outputs.Select(o => o.Path));
    }

    [Fact]
    public void Should_load_a_notebook_step_with_its_own_image_as_a_notebook_step_in_that_image()
    {
        // Given a notebook step that names an image
        var result = AssertLoads("""
            pipeline: p
            images:
              jupyter: { build: docker/jupyter }
            stages:
              train:
                steps:
                  fit:
                    notebook: notebooks/train.ipynb
                    image: jupyter
            """);

        // Then it stays a notebook step, run in that image
        var step = Assert.Single(result.Pipeline!.Steps);
        Assert.Equal(StepKind.Notebook, step.Kind);
        Assert.Equal("jupyter", step.Image);
    }

    [Theory]
    [InlineData("run: x\n        notebook: a.ipynb", "PB2004", "both 'run' and 'notebook'")]
    [InlineData("notebook: a.py", "PB2010", "'notebook'")]
    [InlineData("notebook: a.ipynb\n        export: pdf", "PB2010", "'export'")]
    [InlineData("notebook: a.ipynb\n        kernel: ../x", "PB2010", "'kernel'")]
    [InlineData("run: x\n        kernel: python3", "PB2010", "'kernel' in step 's.a' belongs to notebook steps")]
    public void Should_report_a_bad_notebook_step(string body, string code, string words)
    {
        var diagnostic = Single(Load($"pipeline: p\nstages:\n  s:\n    steps:\n      a:\n        {body}\n"), code);

        Assert.Contains(words, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_give_notebook_steps_a_fingerprint_that_changes_with_the_kernel_name_and_its_interpreter_version()
    {
        // Given the same step with two kernels
        var python = Step("kernel: python3");
        var other = Step("kernel: python3-venv");

        // Then the definitions differ, and so do the fingerprints of two interpreter versions
        Assert.NotEqual(StepFingerprint.Definition(python), StepFingerprint.Definition(other));
        var definition = StepFingerprint.Definition(python);
        var empty = new Dictionary<string, string>();
        Assert.NotEqual(StepFingerprint.Compute(definition, null, null, empty, [], "python3: CPython 3.11.2"), StepFingerprint.Compute(definition, null, null, empty, [], "python3: CPython 3.12.1"));
    }

    private static StepDefinition Step(string kernel) =>
        Assert.Single(AssertLoads($"pipeline: p\nstages:\n  s:\n    steps:\n      a:\n        notebook: a.ipynb\n        {kernel}\n").Pipeline!.Steps);
}
