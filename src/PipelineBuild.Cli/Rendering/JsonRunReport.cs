using System.Text.Json;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Recording;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Rendering;

/// <summary>The <c>--report</c> file (docs/reference/command-line.md).</summary>
internal static class JsonRunReport
{
    public static void Write(string path, RunReport report)
    {
        try
        {
            AtomicFile.Write(path, stream =>
            {
                using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
                writer.WriteStartObject();
                writer.WriteString("runId", report.RunId);
                writer.WriteString("pipeline", report.Pipeline);
                writer.WriteString("status", report.Status.ToString().ToLowerInvariant());
                writer.WriteString("startedAt", report.StartedAt);
                writer.WriteNumber("durationMs", (long)report.Duration.TotalMilliseconds);
                writer.WriteStartArray("steps");
                foreach (var step in report.Steps)
                {
                    ReportJson.Write(writer, step.Id, step.State, ReasonText.Format(step.Reason), step.Reason.Code, step.Duration, step.Fingerprint, step.ExitCode, step.Error, step.StartedAt, step.Executor is { } executor ? Core.Model.Executors.NameOf(executor) : null, step.Node);
                }

                writer.WriteEndArray();
                ReportJson.WriteArtifacts(writer, report.Artifacts);
                if (report.RemoteCache is { } remote)
                {
                    ReportJson.WriteRemoteCache(writer, remote);
                }

                if (report.Problems.Count > 0)
                {
                    writer.WriteStartArray("problems");
                    foreach (var problem in report.Problems)
                    {
                        writer.WriteStringValue(problem.Message);
                    }

                    writer.WriteEndArray();
                }
                writer.WriteEndObject();
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PipelineException(PipelineDiagnostic.Error(ToolCodes.ReportNotWritten, SourceLocation.None(path), $"cannot write the report: {IoErrorText.Describe(e)}", "check that the folder exists and is writable and the disk has space"), ExitCodes.StepFailed, e);
        }
    }
}
