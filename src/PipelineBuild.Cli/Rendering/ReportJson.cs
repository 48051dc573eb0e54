using System.Text.Json;
using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Rendering;

/// <summary>Steps and artifacts as the JSON outputs show them (<c>--report</c>, <c>runs show --json</c>): the same keys everywhere.</summary>
internal static class ReportJson
{
    public static void WriteArtifacts(Utf8JsonWriter writer, IReadOnlyList<PublishedArtifact> artifacts)
    {
        writer.WriteStartArray("artifacts");
        foreach (var artifact in artifacts)
        {
            writer.WriteStartObject();
            writer.WriteString("name", artifact.Name);
            writer.WriteString("version", artifact.Version);
            writer.WriteString("digest", artifact.Digest.Hex);
            writer.WriteBoolean("new", artifact.IsNew);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>The remote cache of a run: its URL (never credentials), mode, hits and bytes each way.</summary>
    public static void WriteRemoteCache(Utf8JsonWriter writer, Core.Caching.Remote.RemoteCacheSummary remote)
    {
        writer.WriteStartObject("remoteCache");
        writer.WriteString("url", remote.Url);
        writer.WriteString("mode", remote.Mode == Core.Model.RemoteCacheMode.Read ? "read" : "read-write");
        writer.WriteNumber("hits", remote.Hits);
        writer.WriteNumber("misses", remote.Misses);
        writer.WriteNumber("bytesDownloaded", remote.BytesDownloaded);
        writer.WriteNumber("entriesUploaded", remote.EntriesUploaded);
        writer.WriteNumber("bytesUploaded", remote.BytesUploaded);
        writer.WriteBoolean("available", remote.Unavailable is null);
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, string id, StepState state, string reason, string? reasonCode, TimeSpan duration, string? fingerprint, int? exitCode, string? error, DateTimeOffset? startedAt, string? executor = null, string? node = null)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("state", StepStateNames.Of(state));
        writer.WriteString("reason", reason);
        if (reasonCode is not null)
        {
            writer.WriteString("reasonCode", reasonCode);
        }

        writer.WriteNumber("durationMs", (long)duration.TotalMilliseconds);
        if (startedAt is { } started)
        {
            writer.WriteString("startedAt", Core.Runs.RunStore.Timestamp(started));
        }

        writer.WriteString("fingerprint", fingerprint);
        if (exitCode is { } code)
        {
            writer.WriteNumber("exitCode", code);
        }

        if (error is not null)
        {
            writer.WriteString("error", error);
        }

        if (executor is not null)
        {
            writer.WriteString("executor", executor);
        }

        if (node is not null)
        {
            writer.WriteString("node", node);
        }

        writer.WriteEndObject();
    }
}
