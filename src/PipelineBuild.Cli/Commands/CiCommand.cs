using System.CommandLine;
using System.Security.Cryptography;
using PipelineBuild.Cli.Ci;
using PipelineBuild.Cli.Ci.Generation;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Commands;

/// <summary><c>dotnet pipeline ci generate|paths</c>: CI files for a pipeline, and the paths CI steps need.</summary>
internal static class CiCommand
{
    public static Command Create()
    {
        var command = new Command("ci", "Continuous integration: generate GitHub Actions / Azure Pipelines files; paths for cache steps");
        command.Subcommands.Add(Generate());
        command.Subcommands.Add(Paths());
        return command;
    }

    private static Command Generate()
    {
        var file = CommonOptions.File();
        var provider = new Option<string>("--provider") { Description = "github or azure", Required = true };
        provider.AcceptOnlyFromAmong("github", "azure");
        var schedules = new Option<string[]>("--schedule") { Description = "A cron schedule (5 fields, UTC) that runs the pipeline, e.g. for retraining (repeatable; the pipeline's own cron schedules are added)" };
        var output = new Option<string?>("--output", "-o") { Description = "The file to write (default: .github/workflows/<pipeline>.yml or azure-pipelines.yml at the repository root)" };
        var branch = new Option<string>("--branch") { Description = "The branch whose pushes run the pipeline", DefaultValueFactory = _ => "main" };
        var toolVersion = new Option<string?>("--tool-version") { Description = "The PipelineBuild.Tool version to install (default: this tool's version)" };
        var toolSource = new Option<string?>("--tool-source") { Description = "An extra NuGet feed to install the tool from" };
        var toolProject = new Option<string?>("--tool-project") { Description = "Build the tool from this project in the repository instead of installing it" };
        var check = new Option<bool>("--check") { Description = "Write nothing; exit 1 when the file on disk differs from what would be generated" };
        var generate = new Command("generate", "Write a CI workflow that runs this pipeline (checkout, .NET, tool, cache, run, reports, artifacts)")
        {
            file, provider, schedules, output, branch, toolVersion, toolSource, toolProject, check,
        };
        generate.SetAction(parse =>
        {
            OutputPath.RequireFile("--output", parse.GetValue(output));
            var (pipeline, _) = PipelineOpener.Open(parse.GetValue(file), null, null);
            var root = RepositoryRoot(pipeline.FilePath);
            var isGitHub = parse.GetValue(provider) == "github";
            var spec = Spec(pipeline, root, parse, schedules, branch, toolVersion, toolSource, toolProject);
            var text = isGitHub ? GitHubWorkflowGenerator.Generate(spec) : AzurePipelineGenerator.Generate(spec);
            var target = parse.GetValue(output)
                ?? Path.Combine(root, isGitHub ? Path.Combine(".github", "workflows", $"{pipeline.Name}.yml") : "azure-pipelines.yml");
            return parse.GetValue(check) ? Check(target, text) : Write(target, text);
        });
        return generate;
    }

    private static Command Paths()
    {
        var file = CommonOptions.File();
        var paths = new Command("paths", "Print the workspace, state folder, lock file and cache key of a pipeline (as CI outputs under GitHub Actions / Azure Pipelines)") { file };
        paths.SetAction(parse =>
        {
            var (pipeline, _) = PipelineOpener.Open(parse.GetValue(file), null, null);
            var cwd = Directory.GetCurrentDirectory();
            var lockFile = pipeline.LockFilePath;
            var hash = File.Exists(lockFile) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(lockFile)))[..16] : "no-lock";
            var values = new List<KeyValuePair<string, string>>
            {
                new("workspace", Relative(cwd, pipeline.WorkspaceRoot)),
                new("state-dir", Relative(cwd, new WorkspaceLayout(pipeline.WorkspaceRoot).StateFolder)),
                new("lock-file", Relative(cwd, lockFile)),
                new("cache-key", $"pipelinebuild-{pipeline.Name}-{hash}"),
                new("cache-restore-key", $"pipelinebuild-{pipeline.Name}-"),
            };
            foreach (var (name, value) in values)
            {
                Console.WriteLine($"{name}={value}");
            }

            CiOptions.Resolve(parse, CiEnvironment.FromProcess())?.PublishOutputs(Console.Out, values);
            return ExitCodes.Success;
        });
        return paths;
    }

    private static CiFileSpec Spec(
        PipelineDefinition pipeline,
        string root,
        ParseResult parse,
        Option<string[]> schedules,
        Option<string> branch,
        Option<string?> toolVersion,
        Option<string?> toolSource,
        Option<string?> toolProject)
    {
        var crons = (parse.GetValue(schedules) ?? []).ToList();
        foreach (var cron in crons.Where(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5))
        {
            throw new PipelineException(CiCodes.InvalidGenerateOption, $"--schedule: error {CiCodes.InvalidGenerateOption}: '{cron}' is not a 5-field cron expression; write e.g. \"0 3 * * *\" (03:00 UTC daily)");
        }

        crons.AddRange(pipeline.Schedules.Where(s => s.Cron is not null && !crons.Contains(s.Cron)).Select(s => s.Cron!));
        var stateFolder = new WorkspaceLayout(pipeline.WorkspaceRoot).StateFolder;
        var lockFile = pipeline.LockFilePath;
        return new CiFileSpec
        {
            PipelineName = pipeline.Name,
            PipelineFile = Relative(root, pipeline.FilePath),
            CacheKeyFile = Relative(root, File.Exists(lockFile) ? lockFile : pipeline.FilePath),
            StateFolder = Relative(root, stateFolder),
            Artifacts = pipeline.Artifacts.Select(a => new KeyValuePair<string, string>(a.Name, Relative(root, Path.Combine(pipeline.WorkspaceRoot, a.Path)))).ToList(),
            Schedules = crons,
            Branch = parse.GetValue(branch) ?? "main",
            GlobalJson = File.Exists(Path.Combine(root, "global.json")) ? "global.json" : null,
            ToolVersion = parse.GetValue(toolVersion) ?? ToolInfo.Version,
            ToolSource = parse.GetValue(toolSource),
            ToolProject = parse.GetValue(toolProject) is { } project ? Relative(root, Path.GetFullPath(project)) : null,
            // The header names the command that made the file; --check is how it is verified, not part of it.
            CommandLine = "dotnet pipeline " + string.Join(' ', parse.Tokens.Where(t => t.Value != "--check").Select(t => GitHubWorkflowGenerator.Shell(t.Value))),
        };
    }

    private static int Write(string target, string text)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
            AtomicFile.WriteAllText(target, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PipelineException(CiCodes.GeneratedFileNotWritten, $"{target}: error {CiCodes.GeneratedFileNotWritten}: cannot write the CI file: {IoErrorText.Describe(e)}; check that the folder is writable and the disk has space", ExitCodes.StepFailed, e);
        }

        Console.WriteLine($"wrote {target}");
        return ExitCodes.Success;
    }

    private static int Check(string target, string text)
    {
        if (File.Exists(target) && File.ReadAllText(target) == text)
        {
            Console.WriteLine($"{target}: up to date");
            return ExitCodes.Success;
        }

        Console.Error.WriteLine($"{target}: error {CiCodes.GeneratedFileOutdated}: the CI file is {(File.Exists(target) ? "out of date" : "missing")}; run the same command without --check and commit the result");
        return ExitCodes.StepFailed;
    }

    /// <summary>The folder holding <c>.git</c> above the pipeline file; else the current folder.</summary>
    private static string RepositoryRoot(string pipelineFile)
    {
        for (var folder = Path.GetDirectoryName(pipelineFile); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (Directory.Exists(Path.Combine(folder, ".git")) || File.Exists(Path.Combine(folder, ".git")))
            {
                return folder;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private static string Relative(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
        return relative == "." ? "." : relative.TrimEnd('/');
    }
}
