using System.Runtime.InteropServices;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Docker.Engine;
using PipelineBuild.Docker.Images;
using PipelineBuild.Notebooks;
using PipelineBuild.TaskRunner;

namespace PipelineBuild.Cli.Dependencies;

/// <summary>
/// Reads what a pipeline needs and what this machine has of it: programs of host commands (and of the scripts
/// they hand to <c>bash</c>), images (asked of the Docker engine, never built or pulled), notebook kernels (through
/// Jupyter, as a run would), requirements files, task project packages, the .NET SDK.
/// </summary>
internal static class DependencyCollector
{
    private const long MaxScriptBytes = 1 << 20;

    public static async Task<DependencyReport> CollectAsync(PipelineDefinition pipeline, IReadOnlyList<StepDefinition> steps)
    {
        var layout = new WorkspaceLayout(pipeline.WorkspaceRoot);
        var context = new RunContext(pipeline, "", layout, new FileDigests(layout, StatCacheFile.Load(layout.StatCacheFile), 1), new SilentObserver());
        await using var notebooks = StepRunners.Create().OfType<NotebookStepRunner>().Single().Begin(pipeline);
        var stepReports = new List<StepDependencies>();
        var images = new Dictionary<string, ImageDependency>(StringComparer.Ordinal);
        using var engine = new DockerEngine();
        var resolver = new ImageResolver(engine);
        var engineAnswers = new Lazy<Task<bool>>(async () => await engine.TryConnectAsync().ConfigureAwait(false) is not null);
        foreach (var step in steps)
        {
            var requirements = PythonRequirements.Named(step.Inputs.Where(i => i.Kind == InputKind.Path).Select(i => i.Path), step.Command).Distinct(StringComparer.Ordinal).ToList();
            switch (step.Kind)
            {
                case StepKind.Container:
                    var image = ImageResolver.DefinitionOf(step, pipeline);
                    if (!images.ContainsKey(image.Name))
                    {
                        images[image.Name] = await ImageOfAsync(image, step, context, resolver, engine, engineAnswers.Value).ConfigureAwait(false);
                    }

                    stepReports.Add(new StepDependencies(step.Id, "container") { Image = image.Name, Requirements = requirements });
                    break;
                case StepKind.Task:
                    var builtIn = BuiltInTaskNames.Contains(step.Task!);
                    stepReports.Add(new StepDependencies(step.Id, ".NET task") { Task = step.Task, TaskProject = builtIn ? null : pipeline.TasksProject, Requirements = requirements });
                    break;
                case StepKind.Notebook:
                    var environment = await notebooks.PeekAsync(step, context, CancellationToken.None).ConfigureAwait(false);
                    stepReports.Add(new StepDependencies(step.Id, "notebook")
                    {
                        Notebook = step.Notebook,
                        Kernel = environment.Kernel ?? step.Kernel,
                        KernelMissing = environment.Kernel is null ? environment.Pending ?? "not found" : null,
                        Requirements = requirements,
                    });
                    break;
                default:
                    stepReports.Add(new StepDependencies(step.Id, "host") { Programs = ProgramsOf(step.Command ?? "", layout), Requirements = requirements });
                    break;
            }
        }

        var programs = stepReports.SelectMany(s => s.Programs).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(ProgramProbe.Probe).ToList();
        var python = PythonPackagesOf(stepReports.SelectMany(s => s.Requirements).Distinct(StringComparer.Ordinal), layout);
        var needsDotNet = stepReports.Any(s => s.RunsOn == ".NET task");
        var dotnet = ProgramProbe.Locate("dotnet") is { } dotnetPath ? ProcessOutput.FirstLine(dotnetPath, ["--version"]) : null;
        var taskProject = stepReports.Any(s => s.TaskProject is not null) ? pipeline.TasksProject : null;
        var packages = taskProject is null ? [] : TaskProjectPackages.Read(layout.FullPath(taskProject)) ?? [];

        var missing = new List<string>();
        missing.AddRange(programs.Where(p => !p.IsPresent).Select(p => $"program '{p.Name}' (not on PATH; used by {string.Join(", ", stepReports.Where(s => s.Programs.Contains(p.Name)).Select(s => s.Id))})"));
        missing.AddRange(images.Values.Where(i => i.Missing is not null).Select(i => $"image '{i.Name}': {i.Missing}"));
        missing.AddRange(stepReports.Where(s => s.KernelMissing is not null).Select(s => $"kernel '{s.Kernel}' of {s.Id}: {s.KernelMissing}"));
        missing.AddRange(python.Where(p => p.InstalledVersion is null).Select(p => $"Python package '{p.Name}' ({p.File}; not installed for python3)"));
        if (needsDotNet && !SdkIsCurrent(dotnet))
        {
            missing.Add(dotnet is null ? ".NET SDK (no 'dotnet' on PATH; .NET tasks need the .NET 10 SDK)" : $".NET SDK {dotnet} (.NET tasks need 10 or later)");
        }

        return new DependencyReport(
            pipeline.Name,
            ToolInfo.Version,
            RuntimeInformation.OSDescription + " " + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
            dotnet,
            stepReports,
            programs,
            [.. images.Values.OrderBy(i => i.Name, StringComparer.Ordinal)],
            python,
            taskProject,
            packages,
            missing);
    }

    private static bool SdkIsCurrent(string? version) =>
        version is not null && int.TryParse(version.Split('.')[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var major) && major >= 10;

    /// <summary>The command's programs, then those of the workspace scripts it hands to a shell (one level).</summary>
    private static List<string> ProgramsOf(string command, WorkspaceLayout layout)
    {
        var programs = CommandPrograms.Find(command).ToList();
        foreach (var script in CommandPrograms.Scripts(command))
        {
            var path = layout.FullPath(script);
            var info = new FileInfo(path);
            if (!path.StartsWith(layout.Root.TrimEnd('/') + "/", StringComparison.Ordinal) || !info.Exists || info.LinkTarget is not null || info.Length > MaxScriptBytes)
            {
                continue;
            }

            programs.AddRange(CommandPrograms.Find(File.ReadAllText(path)).Where(p => !programs.Contains(p, StringComparer.Ordinal)));
        }

        return programs;
    }

    private static List<PythonPackage> PythonPackagesOf(IEnumerable<string> files, WorkspaceLayout layout)
    {
        var named = new List<(string Name, string Requirement, string File)>();
        foreach (var file in files)
        {
            var path = layout.FullPath(file);
            if (File.Exists(path) && new FileInfo(path).Length <= MaxScriptBytes)
            {
                named.AddRange(PythonRequirements.Read(path).Select(r => (r.Name, r.Requirement, file)));
            }
        }

        var installed = PythonRequirements.Installed([.. named.Select(n => n.Name)]);
        return [.. named.Select(n => new PythonPackage(n.Name, n.Requirement, n.File, installed[n.Name]))];
    }

    private static async Task<ImageDependency> ImageOfAsync(ImageDefinition image, StepDefinition step, RunContext context, ImageResolver resolver, DockerEngine engine, Task<bool> engineAnswers)
    {
        string? dockerfile = null;
        IReadOnlyList<string> bases = [];
        string? missing = null;
        if (image.BuildContext is { } folder)
        {
            dockerfile = Path.Join(folder, image.Dockerfile ?? "Dockerfile").Replace('\\', '/');
            var path = context.Layout.FullPath(dockerfile);
            if (File.Exists(path))
            {
                bases = DockerfileBases.Read(path);
            }
            else
            {
                missing = $"no Dockerfile at {dockerfile}";
            }
        }

        var (id, pending) = await resolver.PeekAsync(step, context).ConfigureAwait(false);
        string? reference = image.Reference;
        if (image.BuildContext is not null && pending is null && id is not null)
        {
            reference = null;
        }

        if (missing is null && !await engineAnswers.ConfigureAwait(false))
        {
            missing = $"no Docker engine answers at {engine.Endpoint}";
        }
        else if (missing is null && id is null && image.BuildContext is null)
        {
            missing = $"not present on the Docker engine (docker pull {image.Reference})";
        }

        return new ImageDependency(image.Name, reference, id, dockerfile, bases, missing);
    }
}
