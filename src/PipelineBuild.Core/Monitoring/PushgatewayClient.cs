using System.Net;
using System.Text;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace PipelineBuild.Core.Monitoring;

/// <summary>
/// Pushes a pipeline's metrics to a Prometheus Pushgateway: <c>PUT /metrics/job/pipelinebuild/pipeline/&lt;name&gt;</c>,
/// which replaces that group with the pushed snapshot. Connection failures, time-outs and 5xx answers are
/// retried (Polly, exponential back-off); the outcome is returned, never thrown, because an outage of
/// the monitoring must not fail a run.
/// </summary>
public sealed class PushgatewayClient
{
    /// <summary>The <c>job</c> label of every push.</summary>
    public const string Job = "pipelinebuild";

    private readonly Uri _baseUrl;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _resilience;

    public PushgatewayClient(Uri baseUrl, HttpClient http, PushgatewayOptions options)
    {
        _baseUrl = baseUrl;
        _http = http;
        _resilience = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => r.StatusCode >= HttpStatusCode.InternalServerError || r.StatusCode == HttpStatusCode.RequestTimeout),
                MaxRetryAttempts = options.Retries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    /// <summary>Parses a Pushgateway URL: absolute http or https. Null and the reason otherwise.</summary>
    public static Uri? ParseUrl(string text, out string? problem)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            problem = $"'{text}' is not an http:// or https:// URL";
            return null;
        }

        problem = null;
        return url;
    }

    /// <summary>The group URL of <paramref name="pipeline"/>.</summary>
    public Uri GroupUrl(string pipeline) =>
        new($"{_baseUrl.AbsoluteUri.TrimEnd('/')}/metrics/job/{Job}/pipeline/{Uri.EscapeDataString(pipeline)}");

    /// <summary>Replaces the pipeline's group with <paramref name="exposition"/>; returns null on success, else what went wrong.</summary>
    public async Task<string?> PushAsync(string pipeline, string exposition, CancellationToken cancellationToken)
    {
        var url = GroupUrl(pipeline);
        try
        {
            using var response = await _resilience.ExecuteAsync(
                async token =>
                {
                    using var content = new StringContent(exposition, Encoding.UTF8);
                    content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(PrometheusText.ContentType);
                    return await _http.PutAsync(url, content, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return $"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}: {body.Trim()}";
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException)
        {
            return $"{url}: {e.Message.TrimEnd('.')}";
        }
    }
}
