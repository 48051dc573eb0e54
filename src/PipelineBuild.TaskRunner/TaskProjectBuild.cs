using System.Text.Json;

namespace PipelineBuild.TaskRunner;

/// <summary>
/// A built task project in <c>.pipeline/tasks/&lt;project&gt;-&lt;source hash&gt;/</c>: its assembly, the content
/// hash of its build output (what enters fingerprints) and the tasks it defines. <c>project.json</c>
/// records it; the folder appears only complete (built in a temp folder, then renamed).
/// </summary>
public sealed record TaskProjectBuild(string Folder, string AssemblyPath, string AssemblyHash, IReadOnlyList<string> Tasks)
{
    public const string MarkerName = "project.json";

    public bool Defines(string task) => Tasks.Contains(task, StringComparer.Ordinal);

    public static TaskProjectBuild? TryRead(string folder)
    {
        var marker = Path.Combine(folder, MarkerName);
        if (!File.Exists(marker))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(marker));
            var root = document.RootElement;
            var assembly = Path.Combine(folder, "bin", root.GetProperty("assembly").GetString()!);
            var tasks = root.GetProperty("tasks").EnumerateArray().Select(t => t.GetString()!).ToArray();
            return File.Exists(assembly) ? new TaskProjectBuild(folder, assembly, root.GetProperty("assemblyHash").GetString()!, tasks) : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            return null;
        }
    }

    public void WriteMarker()
    {
        using var stream = File.Create(Path.Combine(Folder, MarkerName));
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("assembly", Path.GetFileName(AssemblyPath));
        writer.WriteString("assemblyHash", AssemblyHash);
        writer.WriteStartArray("tasks");
        foreach (var task in Tasks)
        {
            writer.WriteStringValue(task);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
