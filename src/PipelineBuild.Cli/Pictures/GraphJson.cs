using System.Text.Json;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Pictures;

/// <summary>The step graph of a run: one node per step of the run, edges from the pipeline's graph when it still loads.</summary>
internal static class GraphJson
{
    public static void Write(Utf8JsonWriter writer, RunRecord run, StepGraph? graph)
    {
        writer.WriteStartObject("graph");
        writer.WriteStartArray("nodes");
        foreach (var step in run.Steps)
        {
            writer.WriteStringValue(step.Id);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("edges");
        var ids = run.Steps.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var step in run.Steps.Where(s => graph?.Contains(s.Id) == true))
        {
            foreach (var upstream in graph!.DependenciesOf(step.Id).Where(u => ids.Contains(u.Id)))
            {
                writer.WriteStartArray();
                writer.WriteStringValue(upstream.Id);
                writer.WriteStringValue(step.Id);
                writer.WriteEndArray();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
