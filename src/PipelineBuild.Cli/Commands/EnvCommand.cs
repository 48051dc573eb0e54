using System.CommandLine;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Cli.Dependencies;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Commands;

/// <summary>
/// <c>dotnet pipeline env [FILE] [--format md|json] [-o FILE] [--check]</c>: the pipeline's dependency document — per
/// step where it runs and what it needs, and what this machine has of it. <c>--check</c> exits 3 listing what is missing.
/// </summary>
internal static class EnvCommand
{
    public static Command Create()
    {
        var file = CommonOptions.File();
        var format = new Option<string>("--format") { Description = "md (DEPENDENCIES.md) or json", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "json");
        var output = new Option<string?>("--output", "-o") { Description = "Write the document to this file (DEPENDENCIES.md) instead of the console" };
        var check = new Option<bool>("--check") { Description = "Check this machine: programs, images, kernels, Python packages, .NET SDK; exit 3 listing what is missing" };
        var command = new Command("env", "List what the pipeline needs to run (programs, images, kernels, packages) and check this machine") { file, format, output, check };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetValue(output);
            OutputPath.RequireFile("-o", target);
            var (pipeline, graph) = PipelineOpener.Open(parse.GetValue(file), [], null);
            var report = await DependencyCollector.CollectAsync(pipeline, graph.Steps).ConfigureAwait(false);
            var text = parse.GetValue(format) == "json" ? DependencyJson.Write(report) : DependencyMarkdown.Write(report);
            if (target is not null)
            {
                AtomicFile.WriteAllText(Path.GetFullPath(target), text);
            }
            else if (!parse.GetValue(check))
            {
                Console.Write(text);
            }

            if (!parse.GetValue(check))
            {
                return ExitCodes.Success;
            }

            if (report.Missing.Count == 0)
            {
                Console.WriteLine($"{pipeline.Name}: everything the pipeline needs is on this machine");
                return ExitCodes.Success;
            }

            Console.Error.WriteLine($"{pipeline.FilePath}: error {EnvCodes.Missing}: {report.Missing.Count} of the pipeline's dependencies missing on this machine:");
            foreach (var item in report.Missing)
            {
                Console.Error.WriteLine("  - " + item);
            }

            Console.Error.WriteLine("install them (DEPENDENCIES.md, written by env where the pipeline runs, gives the versions) and run dotnet pipeline env --check again");
            return ExitCodes.ServiceUnavailable;
        });
        return command;
    }
}
