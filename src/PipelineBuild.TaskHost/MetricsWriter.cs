using System.Text.Json;
using System.Text.Json.Nodes;
using PipelineBuild.Sdk;

namespace PipelineBuild.TaskHost;

/// <summary>
/// Puts what a task set with <c>Metrics.Set</c> into the step's first <c>metrics:</c> file (merged into
/// it when the task wrote one), where the run records it like any metrics file.
/// </summary>
internal static class MetricsWriter
{
    public static void Write(TaskRequest request, TaskMetrics metrics, TaskLog log)
    {
        var values = metrics.Values;
        if (values.Count == 0)
        {
            return;
        }

        if (request.Metrics.Count == 0)
        {
            log.Info($"[pipeline] metrics: {string.Join(", ", values.Select(v => $"{v.Key}={Format(v.Value)}"))} (declare 'metrics: [path.json]' on the step to record them)");
            return;
        }

        var path = Path.Combine(request.Workspace, request.Metrics[0]);
        var root = File.Exists(path) && JsonNode.Parse(File.ReadAllText(path)) is JsonObject existing ? existing : [];
        foreach (var (name, value) in values)
        {
            root[name] = double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(Format(value));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static string Format(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "Infinity" : double.IsNegativeInfinity(value) ? "-Infinity"
        : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
