using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Authentication;
using k8s.Autorest;
using k8s.Models;

namespace PipelineBuild.Kubernetes.Api;

/// <summary>
/// The handful of API calls the Kubernetes executor makes, sent as the client's generated operations send them
/// (paths, query, HTTP/2, credentials, TLS server name, the configuration's timeout) and failing as they fail: a
/// status outside 2xx is an <see cref="HttpOperationException"/> with the response's body. Not the client's
/// <c>Kubernetes</c> object: that one keeps all of the client's JSON in the binary (docs/decisions.md,
/// "Kubernetes API without the client object"). Made by <see cref="ApiConnection"/>.
/// </summary>
public sealed class KubernetesApi : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

    private readonly HttpClient _http;
    private readonly ServiceClientCredentials? _credentials;
    private readonly string? _tlsServerName;
    private readonly bool _http2;
    private readonly TimeSpan _timeout;

    internal KubernetesApi(HttpClient http, Uri baseUri, ServiceClientCredentials? credentials, KubernetesClientConfiguration config)
    {
        _http = http;
        BaseUri = baseUri;
        _credentials = credentials;
        _tlsServerName = config.TlsServerName;
        _http2 = !config.DisableHttp2;
        _timeout = config.HttpClientTimeout;
    }

    /// <summary>The API server's address, ending in '/'.</summary>
    public Uri BaseUri { get; }

    /// <summary>A client for the configuration's cluster and user; a <see cref="k8s.Exceptions.KubeConfigException"/> when it has no usable address.</summary>
    public static KubernetesApi Connect(KubernetesClientConfiguration config) => ApiConnection.Open(config);

    public Task CreateSecretAsync(V1Secret secret, string @namespace, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/v1/namespaces/{@namespace}/secrets", Body(secret, KubernetesApiJson.Default.V1Secret), cancellationToken);

    public Task DeleteSecretAsync(string name, string @namespace, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"api/v1/namespaces/{@namespace}/secrets/{name}", body: null, cancellationToken);

    public Task<V1SecretList> ListSecretsAsync(string @namespace, string labelSelector, CancellationToken cancellationToken) =>
        ReadAsync($"api/v1/namespaces/{@namespace}/secrets?labelSelector={Uri.EscapeDataString(labelSelector)}", KubernetesApiJson.Default.V1SecretList, cancellationToken);

    public Task CreateJobAsync(V1Job job, string @namespace, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"apis/batch/v1/namespaces/{@namespace}/jobs", Body(job, KubernetesApiJson.Default.V1Job), cancellationToken);

    public Task<V1Job> ReadJobAsync(string name, string @namespace, CancellationToken cancellationToken) =>
        ReadAsync($"apis/batch/v1/namespaces/{@namespace}/jobs/{name}", KubernetesApiJson.Default.V1Job, cancellationToken);

    /// <summary>Deletes a Job with its pods (propagation <c>Background</c>).</summary>
    public Task DeleteJobAsync(string name, string @namespace, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"apis/batch/v1/namespaces/{@namespace}/jobs/{name}?propagationPolicy=Background", body: null, cancellationToken);

    public Task<V1JobList> ListJobsAsync(string @namespace, string labelSelector, CancellationToken cancellationToken) =>
        ReadAsync($"apis/batch/v1/namespaces/{@namespace}/jobs?labelSelector={Uri.EscapeDataString(labelSelector)}", KubernetesApiJson.Default.V1JobList, cancellationToken);

    public Task<V1PodList> ListPodsAsync(string @namespace, string labelSelector, CancellationToken cancellationToken) =>
        ReadAsync($"api/v1/namespaces/{@namespace}/pods?labelSelector={Uri.EscapeDataString(labelSelector)}", KubernetesApiJson.Default.V1PodList, cancellationToken);

    /// <summary>A container's log, followed: the stream ends when the container does.</summary>
    public async Task<Stream> FollowLogAsync(string pod, string @namespace, string container, CancellationToken cancellationToken)
    {
        using var timeout = Timeout(cancellationToken);
        var response = await SendCoreAsync(HttpMethod.Get, $"api/v1/namespaces/{@namespace}/pods/{pod}/log?container={Uri.EscapeDataString(container)}&follow=true", body: null, timeout.Token).ConfigureAwait(false);
        return await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private static StringContent Body<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new StringContent(JsonSerializer.Serialize(value, type), Encoding.UTF8);
        content.Headers.ContentType = Json;
        return content;
    }

    // The operation's whole time, as the client's: the caller's cancellation or the configuration's timeout (100 s by default).
    private CancellationTokenSource Timeout(CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        return timeout;
    }

    private async Task SendAsync(HttpMethod method, string relativeUri, StringContent? body, CancellationToken cancellationToken)
    {
        using var timeout = Timeout(cancellationToken);
        using var response = await SendCoreAsync(method, relativeUri, body, timeout.Token).ConfigureAwait(false);
    }

    private async Task<T> ReadAsync<T>(string relativeUri, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var timeout = Timeout(cancellationToken);
        using var response = await SendCoreAsync(HttpMethod.Get, relativeUri, body: null, timeout.Token).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, type, timeout.Token).ConfigureAwait(false)
                ?? throw new JsonException($"the Kubernetes API answered {relativeUri} with null");
        }
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HttpMethod method, string relativeUri, StringContent? body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseUri, relativeUri)) { Content = body };
        if (_http2)
        {
            request.Version = HttpVersion.Version20;
        }

        if (_credentials is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (!string.IsNullOrWhiteSpace(_tlsServerName))
        {
            request.Headers.Host = _tlsServerName;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var text = await response.Content.ReadAsStringAsync(CancellationToken.None).ConfigureAwait(false);
        var requestText = body is null ? "" : await body.ReadAsStringAsync(CancellationToken.None).ConfigureAwait(false);
        var failure = new HttpOperationException($"Operation returned an invalid status code '{response.StatusCode}', response body {text}")
        {
            Request = new HttpRequestMessageWrapper(request, requestText),
            Response = new HttpResponseMessageWrapper(response, text),
        };
        request.Dispose();
        response.Dispose();
        throw failure;
    }
}
