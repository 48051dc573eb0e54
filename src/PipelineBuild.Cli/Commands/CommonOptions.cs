using System.CommandLine;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show more detail, including stack traces of internal errors",
        Recursive = true,
    };

    public static Argument<string?> File() => new("FILE")
    {
        Description = "The pipeline file, or a folder holding pipeline.yaml (default: ./pipeline.yaml)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static Option<string[]> Param() => new("--param", "-p")
    {
        Description = "Override a param: --param train.depth=7 (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string?> ParamsFile() => new("--params-file")
    {
        Description = "A YAML file of params merged over the pipeline's defaults",
    };

    public static Option<int?> Jobs() => new("--jobs", "-j")
    {
        Description = "Steps to run at once (default: the number of cores)",
    };

    /// <summary>The value of <see cref="Jobs"/>; PB1005 (exit 2) below 1.</summary>
    public static int JobCount(ParseResult parse, Option<int?> jobs)
    {
        var count = parse.GetValue(jobs) ?? Environment.ProcessorCount;
        return count >= 1
            ? count
            : throw new PipelineException(PipelineDiagnostic.Error(ToolCodes.BadCount, SourceLocation.None("--jobs"), $"{count} is not a valid number of jobs", "give 1 or more"));
    }

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write JSON instead of text",
    };
}
