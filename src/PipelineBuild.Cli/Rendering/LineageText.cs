using System.Globalization;
using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Rendering;

/// <summary>
/// An artifact version and what made it, as a tree:
/// artifact ← run ← steps ← inputs (with digests) ← upstream artifacts.
/// </summary>
internal static class LineageText
{
    public static void WriteArtifact(TextWriter output, ArtifactManifest manifest, IReadOnlyList<string> aliases)
    {
        output.WriteLine($"{manifest.Reference}{(aliases.Count > 0 ? $"  ({string.Join(", ", aliases)})" : "")}");
        output.WriteLine($"  digest   {manifest.Digest.Hex}");
        output.WriteLine($"  path     {manifest.Path}");
        output.WriteLine($"  created  {manifest.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC by run {manifest.Lineage.RunId}");
        output.WriteLine($"  files    {manifest.Files.Count}, {manifest.Files.Sum(f => f.Size).ToString("N0", CultureInfo.InvariantCulture)} bytes");
        foreach (var file in manifest.Files.Take(20))
        {
            output.WriteLine($"    {file.Digest.Hex[..12]}  {file.Path}");
        }

        if (manifest.Files.Count > 20)
        {
            output.WriteLine($"    … and {manifest.Files.Count - 20} more (--json lists them all)");
        }

        output.WriteLine();
        WriteTree(output, manifest);
    }

    public static void WriteTree(TextWriter output, ArtifactManifest manifest)
    {
        var lineage = manifest.Lineage;
        output.WriteLine($"{manifest.Reference}  sha256:{manifest.Digest.Hex[..12]}");
        var git = lineage.Git is { } g ? $"commit {g.Commit[..Math.Min(12, g.Commit.Length)]}{(g.Dirty ? " (dirty)" : "")}" : "no git commit";
        output.WriteLine($"└─ run {lineage.RunId}  pipeline {lineage.Pipeline} ({lineage.PipelineFile})  {git}  tool {lineage.ToolVersion}");
        if (lineage.Params.Count > 0)
        {
            output.WriteLine($"   params   {string.Join(" ", lineage.Params.Select(p => $"{p.Key}={p.Value}"))}");
        }

        // Metrics of steps outside the lineage's steps (none today) still show, on their own line.
        var stepIds = lineage.Steps.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var loose = lineage.Metrics.Where(m => !stepIds.Contains(m.Step)).ToList();
        if (loose.Count > 0)
        {
            output.WriteLine($"   metrics  {Metrics(loose)}");
        }

        foreach (var (name, id) in lineage.Images)
        {
            output.WriteLine($"   image    {name} {id}");
        }

        var last = lineage.Steps.Count - 1;
        for (var i = 0; i < lineage.Steps.Count; i++)
        {
            var step = lineage.Steps[i];
            var branch = i == last && lineage.Upstream.Count == 0 ? "└─" : "├─";
            var indent = i == last && lineage.Upstream.Count == 0 ? "   " : "│  ";
            output.WriteLine($"   {branch} step {step.Id}  fingerprint {step.Fingerprint[..12]}");
            var metrics = lineage.Metrics.Where(m => string.Equals(m.Step, step.Id, StringComparison.Ordinal)).ToList();
            if (metrics.Count > 0)
            {
                output.WriteLine($"   {indent}   metrics  {Metrics(metrics)}");
            }

            var inputs = step.Inputs.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
            for (var j = 0; j < inputs.Count; j++)
            {
                var (path, digest) = inputs[j];
                var producer = ProducerOf(lineage, path);
                output.WriteLine($"   {indent}{(j == inputs.Count - 1 ? "└─" : "├─")} {path}  {digest.Hex[..12]}{(producer is null ? "" : $"  (from {producer})")}");
            }
        }

        for (var i = 0; i < lineage.Upstream.Count; i++)
        {
            output.WriteLine($"   {(i == lineage.Upstream.Count - 1 ? "└─" : "├─")} upstream artifact {lineage.Upstream[i]}");
        }
    }

    private static string Metrics(IEnumerable<MetricValue> metrics) => string.Join(" ", metrics.Select(m => $"{m.Name}={MetricText.Format(m.Value)}"));

    /// <summary>The step of the lineage whose output is, contains or lies inside an input path.</summary>
    public static string? ProducerOf(ArtifactLineage lineage, string inputPath) =>
        lineage.Steps.FirstOrDefault(s => s.Outputs.Keys.Any(o => ArtifactClosure.Overlaps(o, inputPath)))?.Id;
}
