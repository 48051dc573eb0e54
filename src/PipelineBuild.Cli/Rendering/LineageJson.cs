using System.Text.Json;
using PipelineBuild.Core.Artifacts;

namespace PipelineBuild.Cli.Rendering;

/// <summary><c>lineage --json</c>: the artifact, its run, the steps with each input's digest and producer, source inputs, upstream.</summary>
internal static class LineageJson
{
    public static void Write(Utf8JsonWriter writer, ArtifactManifest manifest)
    {
        var lineage = manifest.Lineage;
        writer.WriteStartObject();
        writer.WriteString("artifact", manifest.Reference);
        writer.WriteString("name", manifest.Name);
        writer.WriteString("version", manifest.Version);
        writer.WriteString("digest", manifest.Digest.Hex);
        writer.WriteStartObject("run");
        writer.WriteString("id", lineage.RunId);
        writer.WriteString("pipeline", lineage.Pipeline);
        writer.WriteString("pipelineFile", lineage.PipelineFile);
        writer.WriteString("gitCommit", lineage.Git?.Commit);
        if (lineage.Git is { } git)
        {
            writer.WriteBoolean("gitDirty", git.Dirty);
        }

        writer.WriteString("toolVersion", lineage.ToolVersion);
        ArtifactManifestJson.WriteStrings(writer, "params", lineage.Params);
        writer.WritePropertyName("metrics");
        ArtifactManifestJson.WriteMetrics(writer, lineage.Metrics);
        writer.WriteEndObject();
        writer.WriteStartArray("steps");
        foreach (var step in lineage.Steps)
        {
            writer.WriteStartObject();
            writer.WriteString("id", step.Id);
            writer.WriteString("fingerprint", step.Fingerprint);
            writer.WriteString("image", step.Image);
            writer.WriteStartArray("inputs");
            foreach (var (path, digest) in step.Inputs.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("path", path);
                writer.WriteString("digest", digest.Hex);
                writer.WriteString("from", LineageText.ProducerOf(lineage, path));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("outputs");
            foreach (var (path, digest) in step.Outputs.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(path, digest.Hex);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("inputs");
        foreach (var (path, digest) in lineage.Inputs)
        {
            writer.WriteString(path, digest.Hex);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("images");
        foreach (var (name, id) in lineage.Images)
        {
            writer.WriteString(name, id);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("upstream");
        foreach (var upstream in lineage.Upstream)
        {
            writer.WriteStringValue(upstream);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
