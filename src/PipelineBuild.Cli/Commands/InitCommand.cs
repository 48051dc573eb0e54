using System.CommandLine;
using System.Text;
using PipelineBuild.Cli.Ci.Generation;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Workspace;
using Spectre.Console;

namespace PipelineBuild.Cli.Commands;

/// <summary>
/// <c>dotnet pipeline init [DIR] [--template T] [--name N]</c>: a new project from a template — pipeline,
/// params, sources, .gitignore, README — and its GitHub Actions workflow as <c>ci generate</c> makes it.
/// Without <c>--template</c> it asks in a terminal, and otherwise fails listing the templates.
/// </summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "The folder to create the project in (default: the current folder)", DefaultValueFactory = _ => "." };
        var template = new Option<string?>("--template", "-t") { Description = "The template: " + string.Join(", ", ProjectTemplates.All.Select(t => t.Name)) };
        var name = new Option<string?>("--name", "-n") { Description = "The pipeline's name (default: the folder's name, lower-cased)" };
        var command = new Command("init", "Create a pipeline project from a template (python, notebook, dotnet, container)") { folder, template, name };
        command.SetAction(parse =>
        {
            var target = Path.GetFullPath(parse.GetValue(folder) ?? ".");
            var chosen = Choose(parse.GetValue(template));
            var pipelineName = parse.GetValue(name) ?? NameOf(target);
            if (!IsPipelineName(pipelineName))
            {
                throw new PipelineException(InitCodes.BadName, $"--name: error {InitCodes.BadName}: '{pipelineName}' is not a valid pipeline name; use lower-case letters, digits and '-', starting with a letter or digit (--name my-pipeline)");
            }

            Write(target, chosen, pipelineName);
            var workflow = Path.Combine(target, ".github", "workflows", pipelineName + ".yml");
            AtomicFile.WriteAllText(workflow, Workflow(pipelineName));
            Console.WriteLine($"created the {chosen} project '{pipelineName}' in {target}; next: cd {Path.GetRelativePath(Directory.GetCurrentDirectory(), target)} && dotnet pipeline run");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The workflow <c>dotnet pipeline ci generate --provider github</c> writes for a fresh project.</summary>
    internal static string Workflow(string pipelineName) => GitHubWorkflowGenerator.Generate(new CiFileSpec
    {
        PipelineName = pipelineName,
        PipelineFile = "pipeline.yaml",
        CacheKeyFile = "pipeline.yaml",
        StateFolder = WorkspaceLayout.StateFolderName,
        Artifacts = [new("model", "models/model.json")],
        ToolVersion = ToolInfo.Version,
        CommandLine = "dotnet pipeline ci generate --provider github",
    });

    private static string Choose(string? template)
    {
        if (template is not null)
        {
            return ProjectTemplates.Exists(template)
                ? template
                : throw new PipelineException(InitCodes.TemplateRequired, $"--template: error {InitCodes.TemplateRequired}: unknown template '{template}'; {Listing()}");
        }

        if (Console.IsInputRedirected || Console.IsOutputRedirected)
        {
            throw new PipelineException(InitCodes.TemplateRequired, $"error {InitCodes.TemplateRequired}: choose a template with --template; {Listing()}");
        }

        var prompt = new SelectionPrompt<string>().Title("Which template?").AddChoices(ProjectTemplates.All.Select(t => t.Name));
        prompt.Converter = name => $"{name}: {ProjectTemplates.All.First(t => t.Name == name).Description}";
        return AnsiConsole.Prompt(prompt);
    }

    private static string Listing() => "templates: " + string.Join("; ", ProjectTemplates.All.Select(t => $"{t.Name} ({t.Description})"));

    /// <summary>Writes every file, after checking that none exists: nothing is half-written over a project.</summary>
    private static void Write(string target, string template, string pipelineName)
    {
        var files = ProjectTemplates.Files(template).ToList();
        var existing = files.Select(f => f.Path).Append($".github/workflows/{pipelineName}.yml").Where(p => File.Exists(Path.Combine(target, p))).ToList();
        if (existing.Count > 0)
        {
            throw new PipelineException(InitCodes.WouldOverwrite, $"{target}: error {InitCodes.WouldOverwrite}: {string.Join(", ", existing)} already exist; init writes into an empty folder (give another DIR) and never overwrites");
        }

        foreach (var (path, resource) in files)
        {
            var full = Path.Combine(target, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using var source = ProjectTemplates.Open(resource);
            if (IsText(path))
            {
                using var reader = new StreamReader(source, Encoding.UTF8);
                File.WriteAllText(full, reader.ReadToEnd().Replace(ProjectTemplates.NamePlaceholder, pipelineName, StringComparison.Ordinal));
            }
            else
            {
                using var output = File.Create(full);
                source.CopyTo(output);
            }
        }
    }

    private static bool IsText(string path) => Path.GetExtension(path) is ".yaml" or ".yml" or ".md" or ".py" or ".sh" or ".gitignore" or "";

    private static string NameOf(string folder)
    {
        var name = new string(Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar)).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return name.Length == 0 ? "pipeline" : name;
    }

    private static bool IsPipelineName(string name) =>
        name.Length > 0 && char.IsAsciiLetterLower(name[0]) | char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
