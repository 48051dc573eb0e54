using PipelineBuild.Testing;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>The <c>dotnet new</c> template package (PipelineBuild.Templates), packed, installed in a private hive and instantiated as a user would.</summary>
public sealed class TemplatePackageTests
{
    private static readonly string[] Templates = ["python", "notebook", "dotnet", "container"];

    [Fact]
    public void Should_install_the_template_package_and_make_every_template_with_dotnet_new_as_a_project_that_runs()
    {
        // Given the template package, installed into a private template hive
        using var workspace = TestWorkspace.Create();
        using var feed = SdkPackageFeed.Create();
        SdkPackageFeed.Pack(Path.Combine(SdkPackageFeed.RepositoryRoot, "src", "PipelineBuild.Templates"), workspace.PathOf("packages"), build: true);
        var package = Assert.Single(Directory.GetFiles(workspace.PathOf("packages"), "PipelineBuild.Templates.*.nupkg"));
        var hive = workspace.PathOf("hive");
        DotnetCli.Run(workspace.Root, null, "new", "install", package, "--debug:custom-hive", hive);

        // When every template is made with dotnet new under the name my-project
        foreach (var template in Templates)
        {
            DotnetCli.Run(workspace.Root, null, "new", $"pipeline-{template}", "-n", "my-project", "-o", $"{template}/my-project", "--debug:custom-hive", hive);
        }

        // Then each is a valid pipeline named my-project with the workflow ci generate makes for that name
        foreach (var template in Templates)
        {
            var project = workspace.PathOf($"{template}/my-project");
            var validated = PipelineTool.Run(project, "validate");
            Assert.True(validated.ExitCode == 0, $"{template}: {validated}");
            Assert.Contains("pipeline: my-project\n", workspace.Read($"{template}/my-project/pipeline.yaml"), StringComparison.Ordinal);
            var check = PipelineTool.Run(project, "ci", "generate", "--provider", "github", "--check");
            Assert.True(check.ExitCode == 0, $"{template}: {check}");
        }

        // And the python and dotnet projects run green at once, then do nothing (init's tests run all four: the same files)
        InitTests.AssertProjectRunsGreen(workspace, "python/my-project", ["prepare.split", "train.evaluate", "train.fit"]);
        InitTests.AssertProjectRunsGreen(workspace, "dotnet/my-project", ["prepare.split", "train.evaluate", "train.fit"], feed.Environment);
    }
}
