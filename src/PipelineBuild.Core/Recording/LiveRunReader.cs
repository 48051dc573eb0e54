using System.Text.Json;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Recording;

/// <summary>
/// The runs in progress in a workspace, from the live files of <see cref="LiveRunWriter"/>. A file whose
/// writer is gone (a run killed with -9) is ignored, as is anything that is not a small, well-formed
/// file of that shape: the state folder is read, never trusted.
/// </summary>
public static class LiveRunReader
{
    private const long MaxBytes = 8 << 20;

    /// <summary>Running runs, newest first.</summary>
    public static IReadOnlyList<LiveRun> Running(WorkspaceLayout layout)
    {
        if (!Directory.Exists(layout.LogsFolder))
        {
            return [];
        }

        var runs = new List<LiveRun>();
        foreach (var folder in Directory.EnumerateDirectories(layout.LogsFolder))
        {
            if (Read(Path.Combine(folder, LiveRunWriter.FileName)) is { } run && run.RunId == Path.GetFileName(folder))
            {
                runs.Add(run);
            }
        }

        return runs.OrderByDescending(r => r.StartedAt).ToList();
    }

    private static LiveRun? Read(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.LinkTarget is not null || info.Length > MaxBytes)
            {
                return null;
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (!root.TryGetProperty("pid", out var pid) || !root.TryGetProperty("pidStart", out var pidStart)
                || !ProcessIdentity.IsAlive(pid.GetInt32(), pidStart.GetUInt64()))
            {
                return null;
            }

            var steps = root.GetProperty("steps").EnumerateArray().Select(step => new LiveStep(
                Text(step, "id"),
                Text(step, "state"),
                Text(step, "reason"),
                step.GetProperty("startedAt").GetDateTimeOffset(),
                step.TryGetProperty("seconds", out var seconds) ? seconds.GetDouble() : null)).ToList();
            return new LiveRun(
                Text(root, "run"),
                Text(root, "pipeline"),
                root.GetProperty("startedAt").GetDateTimeOffset(),
                root.GetProperty("stepCount").GetInt32(),
                steps);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return null;
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new FormatException($"'{name}' is null");
}
