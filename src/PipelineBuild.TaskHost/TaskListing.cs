using System.Text.Json;

namespace PipelineBuild.TaskHost;

/// <summary>
/// <c>list</c>: the tasks an assembly defines, written as JSON for the tool, which checks task names
/// before a run: <c>{ "tasks": [ { "name", "type" } ] }</c> or <c>{ "error": "…" }</c>.
/// </summary>
internal static class TaskListing
{
    public static int Write(string assemblyPath, string outputPath)
    {
        string? error = null;
        IReadOnlyDictionary<string, Type> tasks = new Dictionary<string, Type>();
        var context = new TaskLoadContext(Path.GetFullPath(assemblyPath));
        try
        {
            var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
            SdkCompatibility.Check(assembly);
            tasks = TaskCatalog.Of(assembly).Tasks;
        }
        catch (Exception e) when (e is TaskHostException or BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            error = e.Message;
        }

        using (var stream = File.Create(outputPath))
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("protocol", TaskRequest.Protocol);
            if (error is not null)
            {
                writer.WriteString("error", error);
            }

            writer.WriteStartArray("tasks");
            foreach (var (name, type) in tasks.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WriteString("type", type.FullName);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        context.Unload();
        return error is null ? HostExitCodes.Succeeded : HostExitCodes.LoadFailed;
    }
}
