using System.CommandLine;
using NuGet.Versioning;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Commands;

/// <summary><c>dotnet pipeline artifacts list|show|promote|get</c>: the local artifact store.</summary>
internal static class ArtifactsCommand
{
    public static Command Create() =>
        new("artifacts", "The artifact store: versions, lineage, aliases") { CreateList(), CreateShow(), CreatePromote(), CreateGet() };

    public static ArtifactStore OpenStore(ParseResult parse) => new(WorkspaceLocator.Find(parse).ArtifactsFolder);

    public static Argument<string> ReferenceArgument(string description) => new("ARTIFACT") { Description = description };

    private static Command CreateList()
    {
        var json = CommonOptions.Json();
        var command = new Command("list", "List every artifact version, newest first") { json };
        command.SetAction(parse =>
        {
            var store = OpenStore(parse);
            var versions = store.Names()
                .SelectMany(name => store.Versions(name).Reverse().Select(v => (Manifest: store.Find(name, v)!, Aliases: store.AliasesOf(name, v.ToFullString()))))
                .ToList();
            if (parse.GetValue(json))
            {
                RunJson.ToConsole(writer =>
                {
                    writer.WriteStartArray();
                    foreach (var (manifest, aliases) in versions)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("name", manifest.Name);
                        writer.WriteString("version", manifest.Version);
                        writer.WriteString("digest", manifest.Digest.Hex);
                        writer.WriteString("created", Core.Runs.RunStore.Timestamp(manifest.Created));
                        writer.WriteStartArray("aliases");
                        aliases.ToList().ForEach(writer.WriteStringValue);
                        writer.WriteEndArray();
                        writer.WriteString("runId", manifest.Lineage.RunId);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                });
            }
            else if (versions.Count == 0)
            {
                Console.WriteLine("no artifacts yet; declare them under 'artifacts:' and run the pipeline");
            }
            else
            {
                var table = new TextTable("NAME", "VERSION", "DIGEST", "CREATED (UTC)", "RUN", "ALIASES");
                foreach (var (manifest, aliases) in versions)
                {
                    table.Add(manifest.Name, manifest.Version, manifest.Digest.Hex[..12], manifest.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), manifest.Lineage.RunId, string.Join(", ", aliases));
                }

                table.Write(Console.Out);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateShow()
    {
        var reference = ReferenceArgument("NAME, NAME@VERSION or NAME@ALIAS");
        var json = CommonOptions.Json();
        var command = new Command("show", "Show an artifact version with its files and lineage") { reference, json };
        command.SetAction(parse =>
        {
            var store = OpenStore(parse);
            var manifest = store.Resolve(ArtifactReference.Parse(parse.GetValue(reference)!));
            var aliases = store.AliasesOf(manifest.Name, manifest.Version);
            if (parse.GetValue(json))
            {
                RunJson.ToConsole(writer => ArtifactManifestJson.Write(writer, manifest, aliases));
            }
            else
            {
                LineageText.WriteArtifact(Console.Out, manifest, aliases);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreatePromote()
    {
        var reference = ReferenceArgument("NAME@VERSION (or NAME@ALIAS) to point the alias at");
        var alias = new Option<string>("--alias", "-a") { Description = "The alias to set or move, e.g. production or staging", Required = true };
        var command = new Command("promote", "Point an alias (production, staging…) at a version") { reference, alias };
        command.SetAction(parse =>
        {
            var name = parse.GetValue(alias)!;
            if (!ArtifactReference.IsName(name) || name == "latest" || NuGetVersion.TryParse(name, out _))
            {
                throw new PipelineException(
                    ArtifactCodes.BadAlias,
                    $"--alias {name}: error {ArtifactCodes.BadAlias}: not a valid alias; use lowercase letters, digits, '-' and '_' (e.g. production), not a version and not 'latest'");
            }

            var store = OpenStore(parse);
            string? previous;
            ArtifactManifest manifest;
            using (store.Lock())
            {
                manifest = store.Resolve(ArtifactReference.Parse(parse.GetValue(reference)!));
                previous = store.Aliases(manifest.Name).GetValueOrDefault(name);
                store.SetAlias(manifest.Name, name, manifest.Version);
            }

            Console.WriteLine(previous is null || previous == manifest.Version
                ? $"{manifest.Name}@{name} -> {manifest.Version}"
                : $"{manifest.Name}@{name} -> {manifest.Version} (was {previous})");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateGet()
    {
        var reference = ReferenceArgument("NAME, NAME@VERSION or NAME@ALIAS");
        var output = new Option<string>("--output", "-o") { Description = "The folder to write the artifact's files into", Required = true };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite files that exist with other content" };
        var command = new Command("get", "Write an artifact version's files into a folder") { reference, output, force };
        command.SetAction(parse =>
        {
            OutputPath.RequireParent("--output", parse.GetValue(output)!);
            var store = OpenStore(parse);
            var manifest = store.Resolve(ArtifactReference.Parse(parse.GetValue(reference)!));
            var folder = Path.GetFullPath(parse.GetValue(output)!);
            var written = ArtifactFetcher.Fetch(store, manifest, folder, parse.GetValue(force));
            Console.WriteLine($"{manifest.Reference}: {written} of {manifest.Files.Count} file(s) written to {folder}");
            return ExitCodes.Success;
        });
        return command;
    }
}
