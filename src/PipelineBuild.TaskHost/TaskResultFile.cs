using System.Text.Json;

namespace PipelineBuild.TaskHost;

/// <summary>The host's answer: <c>{ "status": "succeeded|failed|cancelled", "error": "…", "detail": "stack trace" }</c>, written atomically.</summary>
internal static class TaskResultFile
{
    public static void Write(string path, string status, string? error, string? detail = null)
    {
        var temp = path + ".tmp";
        using (var stream = File.Create(temp))
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("protocol", TaskRequest.Protocol);
            writer.WriteString("status", status);
            if (error is not null)
            {
                writer.WriteString("error", error);
            }

            if (detail is not null)
            {
                writer.WriteString("detail", detail);
            }

            writer.WriteEndObject();
        }

        File.Move(temp, path, overwrite: true);
    }
}
