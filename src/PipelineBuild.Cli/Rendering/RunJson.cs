using System.Text.Encodings.Web;
using System.Text.Json;
using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Rendering;

/// <summary>Runs as JSON (<c>runs --json</c>, <c>runs show --json</c>), written without reflection.</summary>
internal static class RunJson
{
    public static void Write(Utf8JsonWriter writer, RunRecord run, bool steps)
    {
        writer.WriteStartObject();
        writer.WriteString("id", run.Id);
        writer.WriteString("pipeline", run.Pipeline);
        writer.WriteString("pipelineFile", run.PipelineFile);
        writer.WriteString("status", RunStatusNames.Of(run.Status));
        writer.WriteString("startedAt", RunStore.Timestamp(run.StartedAt));
        if (run.EndedAt is { } ended)
        {
            writer.WriteString("endedAt", RunStore.Timestamp(ended));
            writer.WriteNumber("durationMs", (long)(ended - run.StartedAt).TotalMilliseconds);
        }

        if (run.Git is { } git)
        {
            writer.WriteStartObject("git");
            writer.WriteString("commit", git.Commit);
            writer.WriteString("branch", git.Branch);
            writer.WriteBoolean("dirty", git.Dirty);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("git");
        }

        writer.WriteString("toolVersion", run.ToolVersion);
        if (run.Error is not null)
        {
            writer.WriteString("error", run.Error);
        }

        Core.Artifacts.ArtifactManifestJson.WriteStrings(writer, "params", run.Params);
        writer.WritePropertyName("metrics");
        ArtifactManifestJson.WriteMetrics(writer, run.Metrics);
        if (steps)
        {
            writer.WriteStartArray("steps");
            foreach (var step in run.Steps)
            {
                ReportJson.Write(writer, step.Id, step.State, step.Reason, step.ReasonCode, step.Duration, step.Fingerprint, step.ExitCode, step.Error, step.StartedAt, step.Executor, step.Node);
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteStartObject("steps");
            foreach (var group in run.Steps.GroupBy(s => Core.Execution.StepStateNames.Of(s.State)))
            {
                writer.WriteNumber(group.Key, group.Count());
            }

            writer.WriteEndObject();
        }

        ReportJson.WriteArtifacts(writer, run.Artifacts);
        writer.WriteEndObject();
    }

    /// <summary>Writes JSON to stdout through <paramref name="write"/>, then a newline.</summary>
    public static void ToConsole(Action<Utf8JsonWriter> write)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        stdout.WriteByte((byte)'\n');
    }
}
