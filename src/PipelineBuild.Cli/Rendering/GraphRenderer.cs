using System.Text;
using System.Text.Json;
using PipelineBuild.Core.Graph;

namespace PipelineBuild.Cli.Rendering;

/// <summary>Renders a step graph for people (Mermaid in Markdown, Graphviz) and for programs (JSON).</summary>
internal static class GraphRenderer
{
    public static string Render(StepGraph graph, string format) => format switch
    {
        "dot" => Dot(graph),
        "json" => Json(graph),
        _ => Mermaid(graph),
    };

    private static string Mermaid(StepGraph graph)
    {
        var builder = new StringBuilder("flowchart TD\n");
        var ids = graph.Steps.Select((s, i) => (s.Id, Node: $"s{i}")).ToDictionary(p => p.Id, p => p.Node, StringComparer.Ordinal);
        foreach (var step in graph.Steps)
        {
            builder.Append("    ").Append(ids[step.Id]).Append("[\"").Append(step.Id.Replace("\"", "#quot;", StringComparison.Ordinal)).Append("\"]\n");
        }

        foreach (var step in graph.Steps)
        {
            foreach (var upstream in graph.DependenciesOf(step.Id))
            {
                builder.Append("    ").Append(ids[upstream.Id]).Append(" --> ").Append(ids[step.Id]).Append('\n');
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Graphviz: one cluster per stage; with <paramref name="states"/>, each step filled by its state
    /// (up to date, would run, failed in the last run) and a legend.
    /// </summary>
    public static string Dot(StepGraph graph, IReadOnlyDictionary<string, StepVisualState>? states = null)
    {
        var builder = new StringBuilder("digraph pipeline {\n    rankdir=LR;\n    node [shape=box, style=\"rounded,filled\", fillcolor=white];\n");
        foreach (var stage in graph.Steps.GroupBy(s => s.Stage, StringComparer.Ordinal))
        {
            builder.Append("    subgraph \"cluster_").Append(Escape(stage.Key)).Append("\" {\n        label=\"").Append(Escape(stage.Key)).Append("\";\n        style=rounded;\n");
            foreach (var step in stage)
            {
                builder.Append("        \"").Append(Escape(step.Id)).Append('"');
                if (states is not null && states.TryGetValue(step.Id, out var state))
                {
                    builder.Append(" [fillcolor=\"").Append(Colour(state)).Append("\", tooltip=\"").Append(Name(state)).Append("\"]");
                }

                builder.Append(";\n");
            }

            builder.Append("    }\n");
        }

        foreach (var step in graph.Steps)
        {
            foreach (var upstream in graph.DependenciesOf(step.Id))
            {
                builder.Append("    \"").Append(Escape(upstream.Id)).Append("\" -> \"").Append(Escape(step.Id)).Append("\";\n");
            }
        }

        if (states is not null)
        {
            builder.Append("    subgraph \"cluster_legend\" {\n        label=\"state\";\n        style=dashed;\n");
            foreach (var state in Enum.GetValues<StepVisualState>())
            {
                builder.Append("        \"legend: ").Append(Name(state)).Append("\" [label=\"").Append(Name(state)).Append("\", fillcolor=\"").Append(Colour(state)).Append("\"];\n");
            }

            builder.Append("    }\n");
        }

        return builder.Append("}\n").ToString();

        static string Escape(string id) => id.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
    }

    private static string Colour(StepVisualState state) => state switch
    {
        StepVisualState.UpToDate => "#c8e6c9",
        StepVisualState.WouldRun => "#ffe0b2",
        _ => "#ffcdd2",
    };

    private static string Name(StepVisualState state) => state switch
    {
        StepVisualState.UpToDate => "up to date",
        StepVisualState.WouldRun => "would run",
        _ => "failed",
    };

    private static string Json(StepGraph graph)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("steps");
            foreach (var step in graph.Steps)
            {
                writer.WriteStartObject();
                writer.WriteString("id", step.Id);
                writer.WriteString("stage", step.Stage);
                writer.WriteString("kind", step.Kind.ToString().ToLowerInvariant());
                writer.WriteStartArray("needs");
                foreach (var upstream in graph.DependenciesOf(step.Id))
                {
                    writer.WriteStringValue(upstream.Id);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
