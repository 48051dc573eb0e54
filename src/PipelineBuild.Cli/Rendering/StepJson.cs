using System.Text.Json;
using PipelineBuild.Core.Execution;

namespace PipelineBuild.Cli.Rendering;

/// <summary>One step as the JSON outputs show it (<c>--report</c>, <c>runs show --json</c>): the same keys everywhere.</summary>
internal static class StepJson
{
    public static void Write(Utf8JsonWriter writer, string id, StepState state, string reason, TimeSpan duration, string? fingerprint, int? exitCode, string? error)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("state", StepStateNames.Of(state));
        writer.WriteString("reason", reason);
        writer.WriteNumber("durationMs", (long)duration.TotalMilliseconds);
        writer.WriteString("fingerprint", fingerprint);
        if (exitCode is { } code)
        {
            writer.WriteNumber("exitCode", code);
        }

        if (error is not null)
        {
            writer.WriteString("error", error);
        }

        writer.WriteEndObject();
    }
}
