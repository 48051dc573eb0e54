using System.CommandLine;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Commands;

/// <summary>
/// <c>dotnet pipeline schema</c>: prints the JSON Schema of pipeline files, the one the repository ships at
/// <c>schemas/pipeline.schema.json</c> (embedded at build time), for editors' <c># yaml-language-server: $schema=</c>.
/// </summary>
internal static class SchemaCommand
{
    public const string ResourceName = "pipeline.schema.json";

    public static Command Create()
    {
        var command = new Command("schema", "Print the JSON Schema of pipeline files (for editors: # yaml-language-server: $schema=...)");
        command.SetAction(_ =>
        {
            using var stream = typeof(SchemaCommand).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"{ResourceName} is not embedded in the tool");
            using var output = Console.OpenStandardOutput();
            stream.CopyTo(output);
            return ExitCodes.Success;
        });
        return command;
    }
}
