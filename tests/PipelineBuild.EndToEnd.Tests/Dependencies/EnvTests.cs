using System.Reflection;
using System.Text.Json;
using PipelineBuild.EndToEnd.Tests.Notebooks;
using PipelineBuild.Testing;

namespace PipelineBuild.EndToEnd.Tests.Dependencies;

/// <summary><c>env</c> on the repository's examples (copied): the programs, images, kernels and packages they really need, and <c>--check</c>.</summary>
public sealed class EnvTests
{
    private static readonly string Repository =
        typeof(EnvTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    [Fact]
    public void Should_list_the_programs_of_the_quickstart_commands_and_scripts_with_their_versions_here()
    {
        // Given a copy of examples/quickstart, whose steps run 'bash scripts/….sh'
        using var copy = CopyExample("quickstart");

        // When env describes it as JSON
        var result = PipelineTool.Run(Example(copy, "quickstart"), "env", "--format", "json");

        // Then every step runs on the host; bash and the programs its scripts call are listed, found on PATH with a version
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("quickstart", root.GetProperty("pipeline").GetString());
        Assert.All(root.GetProperty("steps").EnumerateArray(), s => Assert.Equal("host", s.GetProperty("runsOn").GetString()));
        var tokenize = root.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "prepare.tokenize");
        Assert.Equal(["bash", "mkdir", "tr", "sed", "grep", "basename"], tokenize.GetProperty("programs").EnumerateArray().Select(p => p.GetString()));
        var bash = root.GetProperty("programs").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "bash");
        Assert.True(File.Exists(bash.GetProperty("path").GetString()));
        Assert.StartsWith("GNU bash", bash.GetProperty("version").GetString(), StringComparison.Ordinal);
        Assert.Empty(root.GetProperty("missing").EnumerateArray());
        Assert.False(Directory.Exists(copy.PathOf("examples/quickstart/.pipeline/logs")), "env must not run anything");
    }

    [Fact]
    public void Should_write_dependencies_md_and_pass_the_check_when_everything_is_here()
    {
        // Given a copy of examples/quickstart
        using var copy = CopyExample("quickstart");

        // When DEPENDENCIES.md is written, then checked on this machine
        var written = PipelineTool.Run(Example(copy, "quickstart"), "env", "-o", "DEPENDENCIES.md");
        var check = PipelineTool.Run(Example(copy, "quickstart"), "env", "--check");

        // Then the document lists the steps and programs, and the check passes
        Assert.True(written.ExitCode == 0, written.ToString());
        var document = copy.Read("examples/quickstart/DEPENDENCIES.md");
        Assert.StartsWith("# Dependencies of quickstart\n", document, StringComparison.Ordinal);
        Assert.Contains("| prepare.tokenize | host | `bash`, `mkdir`, `tr`, `sed`, `grep`, `basename` |", document, StringComparison.Ordinal);
        Assert.Contains("## Programs (host steps)", document, StringComparison.Ordinal);
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("everything the pipeline needs is on this machine", check.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_exit_3_naming_a_missing_program_and_a_missing_python_package()
    {
        // Given a step calling a program this machine lacks, and a requirements file naming a package it lacks
        using var scenario = new Scenario("""
            pipeline: needs
            stages:
              s:
                steps:
                  fetch:
                    run: pb-surely-absent-tool --fetch > out.txt && python3 -m pip install -r requirements.txt
                    inputs: [requirements.txt]
                    outputs: [out.txt]
            """);
        scenario.Workspace.Write("requirements.txt", "# what fetch needs\npb-surely-absent-package==1.2.3\n");

        // When this machine is checked
        var result = scenario.Tool("env", "--check");

        // Then it exits 3 with PB1040 and names both
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("PB1040", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("program 'pb-surely-absent-tool' (not on PATH; used by s.fetch)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Python package 'pb-surely-absent-package' (requirements.txt; not installed for python3)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_list_the_image_of_the_docker_quickstart_with_its_dockerfile_and_base_image()
    {
        // Given a copy of examples/quickstart-docker (an image built from docker/Dockerfile)
        using var copy = CopyExample("quickstart-docker");

        // When env describes it
        var result = PipelineTool.Run(Example(copy, "quickstart-docker"), "env", "--format", "json");

        // Then its steps run in a container of the image 'text', built from docker/Dockerfile on the base the Dockerfile names
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.All(json.RootElement.GetProperty("steps").EnumerateArray(), s => Assert.Equal("container", s.GetProperty("runsOn").GetString()));
        var image = Assert.Single(json.RootElement.GetProperty("images").EnumerateArray());
        Assert.Equal("text", image.GetProperty("name").GetString());
        Assert.Equal("docker/Dockerfile", image.GetProperty("dockerfile").GetString());
        Assert.Equal(["local/busybox:1"], image.GetProperty("baseImages").EnumerateArray().Select(b => b.GetString()));
    }

    [Fact]
    public void Should_list_the_nuget_packages_of_the_ml_example_task_project_from_its_assets_file()
    {
        // Given a copy of examples/ml-dotnet whose task project is restored
        using var copy = CopyExample("ml-dotnet", "src/PipelineBuild.Sdk");
        Assert.Equal(0, Dotnet(Example(copy, "ml-dotnet"), "restore", "tasks/MlTasks.csproj"));

        // When env describes it
        var result = PipelineTool.Run(Example(copy, "ml-dotnet"), "env", "--format", "json");

        // Then its steps are .NET tasks (its own and the built-in data-profile), and the packages are the restored ones
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.All(root.GetProperty("steps").EnumerateArray(), s => Assert.Equal(".NET task", s.GetProperty("runsOn").GetString()));
        Assert.Equal("tasks/MlTasks.csproj", root.GetProperty("taskProject").GetString());
        var packages = root.GetProperty("nugetPackages").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!, p => (Version: p.GetProperty("version").GetString(), Direct: p.GetProperty("direct").GetBoolean()));
        Assert.Equal(("5.0.1", true), packages["Microsoft.ML"]);
        Assert.Contains(packages, p => !p.Value.Direct);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("dotnetSdk").GetString()));
    }

    [JupyterFact]
    public void Should_list_the_kernel_of_the_notebook_example_with_its_interpreter_version()
    {
        // Given a copy of examples/notebook
        using var copy = CopyExample("notebook");

        // When env describes it
        var result = PipelineTool.Run(Example(copy, "notebook"), "env", "--format", "json");

        // Then its notebook steps name the python3 kernel with the CPython version Jupyter reports, and nothing is missing
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var steps = json.RootElement.GetProperty("steps").EnumerateArray().ToList();
        var fit = steps.Single(s => s.GetProperty("id").GetString() == "train.fit");
        Assert.Equal("notebook", fit.GetProperty("runsOn").GetString());
        Assert.Matches(@"^python3: CPython 3\.\d+\.\d+$", fit.GetProperty("kernel").GetString());
        Assert.Equal("python3", steps.Single(s => s.GetProperty("id").GetString() == "data.database").GetProperty("programs")[0].GetString());
        Assert.Empty(json.RootElement.GetProperty("missing").EnumerateArray());
    }

    /// <summary>A clone holding <c>examples/NAME</c> (and more repository folders), laid out as in the repository.</summary>
    private static TestWorkspace CopyExample(string name, params string[] more)
    {
        var clone = TestWorkspace.Create();
        foreach (var folder in more.Prepend("examples/" + name))
        {
            var source = Path.Combine(Repository, folder);
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(source, file);
                if (!relative.Split('/').Any(s => s is ".pipeline" or "bin" or "obj"))
                {
                    var target = clone.PathOf(folder + "/" + relative);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(file, target);
                }
            }
        }

        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig" }.Where(f => File.Exists(Path.Combine(Repository, f))))
        {
            File.Copy(Path.Combine(Repository, file), clone.PathOf(file));
        }

        return clone;
    }

    private static string Example(TestWorkspace clone, string name) => clone.PathOf("examples/" + name);

    private static int Dotnet(string folder, params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        _ = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }
}
