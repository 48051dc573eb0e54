using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Cli.Serving;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Recording;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Pictures;

/// <summary>
/// <c>ui</c>: a read-only web app over <c>runs.db</c> and the artifact store, on <see cref="HttpListener"/>
/// as <c>serve</c> is. Only GET and HEAD; every page is the same self-contained HTML the commands write.
/// With a token every request must carry it (<c>?token=</c> or <c>Authorization: Bearer</c>).
/// </summary>
internal sealed class UiServer : IDisposable
{
    private readonly WorkspaceLayout _layout;
    private readonly byte[]? _token;
    private readonly LocalHttpServer _server;

    /// <summary>Listens on every prefix (the loopback address and <c>localhost</c>, or <c>*</c>).</summary>
    public UiServer(IReadOnlyList<string> prefixes, WorkspaceLayout layout, string? token)
    {
        _layout = layout;
        _token = string.IsNullOrEmpty(token) ? null : Encoding.UTF8.GetBytes(token);
        _server = LocalHttpServer.Start(prefixes, Handle, reason => new PipelineException(
            PictureCodes.UiPortUnavailable,
            $"--port: error {PictureCodes.UiPortUnavailable}: cannot listen on {prefixes[0]} ({reason}); choose a free port with --port, or another --host",
            ExitCodes.InvalidInput));
    }

    public void Dispose() => _server.Dispose();

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        try
        {
            var (status, type, body) = !Authorized(request) ? (401, "text/plain; charset=utf-8", "missing or wrong token: add ?token=<PIPELINEBUILD_UI_TOKEN> to the address\n")
                : request.HttpMethod is not ("GET" or "HEAD") ? (405, "text/plain; charset=utf-8", "the ui is read-only: GET only\n")
                : Route(request);
            Respond(context.Response, status, type, request.HttpMethod == "HEAD" ? "" : body);
        }
        catch (PipelineException e)
        {
            Respond(context.Response, e.Code is RunCodes.UnknownRun or RunCodes.AmbiguousRun ? 404 : 500, "text/plain; charset=utf-8", e.Message + "\n");
        }
    }

    private (int, string, string) Route(HttpListenerRequest request)
    {
        const string Html = "text/html; charset=utf-8";
        const string Json = "application/json";
        var path = request.Url?.AbsolutePath ?? "/";
        using var store = RunStore.OpenExisting(_layout.RunsDatabase);
        var sources = new PictureSources(_layout, store);
        if (path == "/")
        {
            return (200, Html, HtmlPage.Render("PipelineBuild runs", writer => WriteRuns(writer, sources, "ui"), live: true));
        }

        if (path == "/api/runs")
        {
            return (200, Json, JsonText(writer => WriteRuns(writer, sources, null)));
        }

        if (path == "/api/artifacts")
        {
            return (200, Json, JsonText(writer => WriteArtifacts(writer, sources)));
        }

        if (path.StartsWith("/runs/", StringComparison.Ordinal))
        {
            return (200, Html, PicturePages.Report(sources, sources.Get(Uri.UnescapeDataString(path["/runs/".Length..])), live: true));
        }

        if (path == "/compare" && request.QueryString["runs"] is { Length: > 0 } runs)
        {
            var records = runs.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(sources.Get).OrderBy(r => r.StartedAt).ToList();
            return (200, Html, PicturePages.Compare(records, request.QueryString["x"], live: true));
        }

        return (404, "text/plain; charset=utf-8", "not found: try /, /runs/<id>, /compare?runs=<id>,<id>, /api/runs, /api/artifacts\n");
    }

    /// <summary>
    /// Every recorded run, newest first, the runs in progress with their steps so far, and a stamp that
    /// changes when a run is recorded or a live run moves on (the page polls it).
    /// </summary>
    private static void WriteRuns(Utf8JsonWriter writer, PictureSources sources, string? kind)
    {
        var ids = sources.Ids();
        var recorded = ids.ToHashSet(StringComparer.Ordinal);
        var live = LiveRunReader.Running(sources.Layout).Where(r => !recorded.Contains(r.RunId)).ToList();
        writer.WriteStartObject();
        if (kind is not null)
        {
            writer.WriteString("kind", kind);
        }

        var liveStamp = string.Join(',', live.Select(r => $"{r.RunId}/{r.Steps.Count}/{r.Steps.Count(s => s.Seconds is not null)}"));
        writer.WriteString("stamp", $"{ids.Count}:{(ids.Count > 0 ? ids[0] : "")}:{liveStamp}");
        writer.WriteStartArray("runs");
        foreach (var run in sources.Store?.List(int.MaxValue) ?? [])
        {
            RunJson.Write(writer, run, steps: false);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("live");
        foreach (var run in live)
        {
            WriteLive(writer, run);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteLive(Utf8JsonWriter writer, LiveRun run)
    {
        writer.WriteStartObject();
        writer.WriteString("id", run.RunId);
        writer.WriteString("pipeline", run.Pipeline);
        writer.WriteString("startedAt", run.StartedAt);
        writer.WriteNumber("stepCount", run.StepCount);
        writer.WriteStartArray("steps");
        foreach (var step in run.Steps)
        {
            writer.WriteStartObject();
            writer.WriteString("id", step.Id);
            writer.WriteString("state", step.State);
            writer.WriteString("reason", step.Reason);
            if (step.Seconds is { } seconds)
            {
                writer.WriteNumber("seconds", seconds);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteArtifacts(Utf8JsonWriter writer, PictureSources sources)
    {
        var store = sources.Artifacts;
        writer.WriteStartArray();
        foreach (var name in store.Names())
        {
            foreach (var version in store.Versions(name).Reverse())
            {
                var manifest = store.Find(name, version);
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WriteString("version", version.ToFullString());
                writer.WriteStartArray("aliases");
                foreach (var alias in store.AliasesOf(name, version.ToFullString()))
                {
                    writer.WriteStringValue(alias);
                }

                writer.WriteEndArray();
                writer.WriteString("run", manifest?.Lineage.RunId);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
    }

    private bool Authorized(HttpListenerRequest request)
    {
        if (_token is null)
        {
            return true;
        }

        var header = request.Headers["Authorization"] ?? "";
        var given = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..].Trim() : request.QueryString["token"] ?? "";
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _token);
    }

    private static string JsonText(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Respond(HttpListenerResponse response, int status, string contentType, string body)
    {
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["Cache-Control"] = "no-store";
        LocalHttpServer.Respond(response, status, contentType, body);
    }
}
