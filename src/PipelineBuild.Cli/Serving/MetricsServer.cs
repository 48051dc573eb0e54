using System.Net;
using System.Security.Cryptography;
using System.Text;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Monitoring;

namespace PipelineBuild.Cli.Serving;

/// <summary>
/// The HTTP side of <c>serve</c>, on <see cref="HttpListener"/> (in the BCL, Native AOT safe, no Kestrel):
/// <c>GET /metrics</c> (Prometheus), <c>GET /healthz</c>, and <c>POST /runs</c> (a run trigger, only with
/// <c>Authorization: Bearer &lt;token&gt;</c> matching the token <c>serve</c> was given).
/// </summary>
internal sealed class MetricsServer : IDisposable
{
    private readonly Func<string> _metrics;
    private readonly Func<bool> _requestRun;
    private readonly byte[]? _token;
    private readonly LocalHttpServer _server;

    private MetricsServer(string prefix, Func<string> metrics, Func<bool> requestRun, string? token)
    {
        _metrics = metrics;
        _requestRun = requestRun;
        _token = string.IsNullOrEmpty(token) ? null : Encoding.UTF8.GetBytes(token);
        _server = LocalHttpServer.Start([prefix], Handle, reason => new PipelineException(
            MonitoringCodes.PortUnavailable,
            $"--metrics-port: error {MonitoringCodes.PortUnavailable}: cannot listen on {prefix} ({reason}); choose a free port with --metrics-port, or another --metrics-host",
            ExitCodes.InvalidInput));
    }

    /// <summary>Listens on <paramref name="host"/>:<paramref name="port"/> (<c>*</c> = every interface).</summary>
    public static MetricsServer Start(string host, int port, Func<string> metrics, Func<bool> requestRun, string? token) =>
        new($"http://{host}:{port}/", metrics, requestRun, token);

    public void Dispose() => _server.Dispose();

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url?.AbsolutePath ?? "/";
        try
        {
            var (status, contentType, body) = (request.HttpMethod, path) switch
            {
                ("GET" or "HEAD", "/metrics") => (200, PrometheusText.ContentType, _metrics()),
                ("GET" or "HEAD", "/healthz") => (200, "text/plain; charset=utf-8", "ok\n"),
                ("POST", "/runs") => Trigger(request),
                (_, "/metrics" or "/healthz" or "/runs") => (405, "text/plain; charset=utf-8", "method not allowed\n"),
                _ => (404, "text/plain; charset=utf-8", "not found: try /metrics, /healthz or POST /runs\n"),
            };
            LocalHttpServer.Respond(context.Response, status, contentType, body);
        }
        catch (PipelineException e)
        {
            LocalHttpServer.Respond(context.Response, 500, "text/plain; charset=utf-8", e.Message + "\n");
        }
    }

    private (int, string, string) Trigger(HttpListenerRequest request)
    {
        const string Json = "application/json";
        if (_token is null)
        {
            return (403, Json, "{\"error\":\"POST /runs is disabled: start serve with PIPELINEBUILD_SERVE_TOKEN set\"}\n");
        }

        var header = request.Headers["Authorization"] ?? "";
        var given = header.StartsWith("Bearer ", StringComparison.Ordinal) ? Encoding.UTF8.GetBytes(header[7..].Trim()) : [];
        if (!CryptographicOperations.FixedTimeEquals(given, _token))
        {
            return (401, Json, "{\"error\":\"missing or wrong token: send Authorization: Bearer <PIPELINEBUILD_SERVE_TOKEN>\"}\n");
        }

        var running = _requestRun();
        return (202, Json, running ? "{\"queued\":true,\"running\":true}\n" : "{\"queued\":true,\"running\":false}\n");
    }
}
