using System.Text.Json;
using NuGet.Versioning;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Pictures;

/// <summary>
/// The data of a run's report page: the run as <c>runs show --json</c> writes it, metric deltas against
/// the previous run, the graph, artifact lineage, data profiles and the run's plots.
/// </summary>
internal static class RunPageJson
{
    public static void Write(Utf8JsonWriter writer, PictureSources sources, RunRecord run)
    {
        var previous = sources.Previous(run);
        var pipeline = sources.Pipeline(run);
        writer.WriteStartObject();
        writer.WriteString("kind", "report");
        writer.WritePropertyName("run");
        RunJson.Write(writer, run, steps: true);
        writer.WriteString("previous", previous?.Id);
        writer.WritePropertyName("deltas");
        ComparisonOutput.WriteMetricsJson(writer, previous is null ? [] : RunComparison.Of(previous, run, all: true).Metrics);
        GraphJson.Write(writer, run, pipeline?.Graph);
        WriteLineage(writer, sources, run);
        WriteProfiles(writer, sources, run, pipeline?.Pipeline);
        PlotsJson.Write(writer, pipeline is { } p ? PictureSources.PlotsOf(p.Pipeline) : [], [new PlotSeries(run.Id, run)], sources.Files);
        writer.WriteEndObject();
    }

    private static void WriteLineage(Utf8JsonWriter writer, PictureSources sources, RunRecord run)
    {
        writer.WriteStartArray("lineage");
        foreach (var artifact in run.Artifacts)
        {
            if (NuGetVersion.TryParse(artifact.Version, out var version) && sources.Artifacts.Find(artifact.Name, version) is { } manifest)
            {
                writer.WriteStartObject();
                writer.WriteStartArray("aliases");
                foreach (var alias in sources.Artifacts.AliasesOf(artifact.Name, artifact.Version))
                {
                    writer.WriteStringValue(alias);
                }

                writer.WriteEndArray();
                writer.WritePropertyName("manifest");
                LineageJson.Write(writer, manifest);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>The JSON each <c>data-profile</c> step of the run wrote (its <c>with.output</c>), as the cache kept it.</summary>
    private static void WriteProfiles(Utf8JsonWriter writer, PictureSources sources, RunRecord run, Core.Model.PipelineDefinition? pipeline)
    {
        writer.WriteStartArray("profiles");
        foreach (var step in pipeline?.Steps.Where(s => string.Equals(s.Task, "data-profile", StringComparison.Ordinal)) ?? [])
        {
            if (step.With["output"] is not Core.Model.ScalarValue { } output
                || sources.Files.Read(run, step.Id, output.Text) is not { } bytes)
            {
                continue;
            }

            try
            {
                using var profile = JsonDocument.Parse(bytes);
                writer.WriteStartObject();
                writer.WriteString("step", step.Id);
                writer.WriteString("path", output.Text);
                writer.WritePropertyName("profile");
                profile.RootElement.WriteTo(writer);
                writer.WriteStartObject("drift");
                foreach (var metric in run.Metrics.Where(m => m.Step == step.Id && m.Name.StartsWith("drift.", StringComparison.Ordinal) && m.Name != "drift.max"))
                {
                    Core.Artifacts.ArtifactManifestJson.WriteNumber(writer, metric.Name["drift.".Length..], metric.Value);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            catch (JsonException)
            {
                // A damaged profile is left out; the step's own log says what it wrote.
            }
        }

        writer.WriteEndArray();
    }
}
