using Docker.DotNet.Models;
using PipelineBuild.EndToEnd.Tests.Docker;
using PipelineBuild.EndToEnd.Tests.Notebooks;
using PipelineBuild.Testing;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary><c>init</c>: every template makes a project that runs green at once and is a no-op the second time.</summary>
public sealed class InitTests
{
    [Fact]
    public void Should_make_a_python_project_that_runs_green_and_then_does_nothing()
    {
        AssertTemplateRuns("python", ["prepare.split", "train.evaluate", "train.fit"]);
    }

    [JupyterFact]
    public void Should_make_a_notebook_project_that_runs_green_and_then_does_nothing()
    {
        AssertTemplateRuns("notebook", ["data.database", "data.fetch", "train.evaluate", "train.fit"]);
    }

    [Fact]
    public void Should_make_a_dotnet_project_whose_tasks_build_on_the_sdk_package_and_run_green_and_then_do_nothing()
    {
        using var feed = SdkPackageFeed.Create();
        AssertTemplateRuns("dotnet", ["prepare.split", "train.evaluate", "train.fit"], feed.Environment);
    }

    [DockerFact]
    public void Should_make_a_container_project_that_builds_its_image_and_runs_green_and_then_does_nothing()
    {
        TestEngine.EnsureAvailable();
        ProvideContainerTemplateBase();
        AssertTemplateRuns("container", ["prepare.split", "train.evaluate", "train.fit"]);
    }

    /// <summary>
    /// The container template builds FROM busybox:1.37, which a user's engine pulls. Nothing can be pulled
    /// here: the engine's local busybox (Debian's busybox-static, from build/docker-up.sh) is tagged so.
    /// </summary>
    internal static void ProvideContainerTemplateBase()
    {
        if (TestEngine.ImageId("busybox:1.37") is null)
        {
            using var client = TestEngine.Client();
            client.Images.TagImageAsync(TestEngine.BaseImage, new ImageTagParameters { RepositoryName = "busybox", Tag = "1.37" }).GetAwaiter().GetResult();
        }
    }

    [Fact]
    public void Should_list_the_templates_when_none_is_given_and_there_is_no_terminal()
    {
        using var workspace = TestWorkspace.Create();

        var result = PipelineTool.Run(workspace.Root, ["init", "project"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error PB1030: choose a template with --template; templates: python (", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("notebook (", result.Stderr, StringComparison.Ordinal);
        Assert.False(workspace.Exists("project"));
    }

    [Fact]
    public void Should_refuse_to_write_over_an_existing_project()
    {
        // Given a folder that has a pipeline already
        using var workspace = TestWorkspace.Create();
        workspace.Write("project/pipeline.yaml", "pipeline: mine\n");

        // When init targets it
        var result = PipelineTool.Run(workspace.Root, ["init", "project", "--template", "python"]);

        // Then nothing was written
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error PB1031: pipeline.yaml already exist", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("pipeline: mine\n", workspace.Read("project/pipeline.yaml"));
        Assert.False(workspace.Exists("project/params.yaml"));
    }

    private static void AssertTemplateRuns(string template, string[] steps, IReadOnlyDictionary<string, string>? env = null)
    {
        // Given a project made by init in a fresh folder
        using var workspace = TestWorkspace.Create();
        var made = PipelineTool.Run(workspace.Root, ["init", "my-project", "--template", template]);
        Assert.True(made.ExitCode == 0, made.ToString());

        AssertProjectRunsGreen(workspace, "my-project", steps, env);
    }

    /// <summary>A fresh project named my-project (by init or dotnet new) runs green, then is a no-op, and has what every template has.</summary>
    internal static void AssertProjectRunsGreen(TestWorkspace workspace, string folder, string[] steps, IReadOnlyDictionary<string, string>? env = null)
    {
        var project = workspace.PathOf(folder);

        // When it runs twice
        var (first, firstReport) = Run(project, env);
        var (second, secondReport) = Run(project, env);

        // Then the first run ran every step green, the second found them up to date
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(steps, firstReport.Steps.Keys.Order(StringComparer.Ordinal));
        Assert.All(firstReport.Steps.Values, s => Assert.Equal("ran", s.State));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.All(secondReport.Steps.Values, s => Assert.Equal("up-to-date", s.State));

        // And the project has its README, a .gitignore keeping the lock file, and the workflow ci generate makes
        Assert.StartsWith("# my-project", workspace.Read($"{folder}/README.md"), StringComparison.Ordinal);
        var ignored = workspace.Read($"{folder}/.gitignore").Split('\n');
        Assert.Contains(".pipeline/", ignored);
        Assert.DoesNotContain("pipeline.lock", ignored);
        Assert.StartsWith("# yaml-language-server: $schema=", workspace.Read($"{folder}/pipeline.yaml"), StringComparison.Ordinal);
        Assert.Contains("pipeline: my-project\n", workspace.Read($"{folder}/pipeline.yaml"), StringComparison.Ordinal);
        var workflow = workspace.Read($"{folder}/.github/workflows/my-project.yml");
        File.Delete(Path.Combine(project, "pipeline.lock"));
        var check = PipelineTool.Run(project, ["ci", "generate", "--provider", "github", "--check"]);
        Assert.True(check.ExitCode == 0, check + "\n" + workflow);
    }

    private static (ToolResult Result, ReportReader Report) Run(string workspace, IReadOnlyDictionary<string, string>? env)
    {
        var reportPath = Path.Combine(Path.GetTempPath(), $"pb-report-{Guid.NewGuid():N}.json");
        var result = PipelineTool.Run(workspace, env, ["run", "--report", reportPath]);
        var report = ReportReader.Read(reportPath);
        File.Delete(reportPath);
        return (result, report);
    }
}
