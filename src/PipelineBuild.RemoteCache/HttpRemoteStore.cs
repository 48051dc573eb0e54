using System.Net;
using System.Net.Http.Headers;
using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.RemoteCache;

/// <summary>
/// The Bazel HTTP cache protocol: <c>GET/PUT/HEAD &lt;base&gt;/ac/&lt;sha256&gt;</c> and <c>/cas/&lt;sha256&gt;</c>,
/// so nginx WebDAV, bazel-remote and other existing servers serve it. 404 is a miss; 5xx, 408,
/// 429 and connection failures are <see cref="RemoteStoreException"/>; other answers are refusals.
/// </summary>
internal sealed class HttpRemoteStore : IRemoteStore
{
    private readonly Uri _base;
    private readonly HttpClient _http;

    public HttpRemoteStore(Uri baseUrl, AuthenticationHeaderValue? authorization, TimeSpan timeout)
    {
        _base = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/");
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = timeout };
        _http.DefaultRequestHeaders.Authorization = authorization;
        DisplayUrl = _base.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    public string DisplayUrl { get; }

    public async Task<bool> ExistsAsync(RemoteObjectKey key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, UrlOf(key));
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.StatusCode != HttpStatusCode.NotFound && Check(response, key);
    }

    public async Task<long?> LengthAsync(RemoteObjectKey key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, UrlOf(key));
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound || !Check(response, key))
        {
            return null;
        }

        return response.Content.Headers.ContentLength is { } length and >= 0
            ? length
            : throw new RemoteStoreException($"{key} answered HEAD without a Content-Length");
    }

    public async Task<Stream?> OpenReadAsync(RemoteObjectKey key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, UrlOf(key));
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            return null;
        }

        try
        {
            Check(response, key);
            return new ResponseStream(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task PutAsync(RemoteObjectKey key, Stream content, long length, CancellationToken cancellationToken)
    {
        using var body = new StreamContent(new NonDisposingStream(content), 1 << 20);
        body.Headers.ContentLength = length;
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Put, UrlOf(key)) { Content = body };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        Check(response, key);
    }

    public void Dispose() => _http.Dispose();

    private Uri UrlOf(RemoteObjectKey key) => new(_base, key.RelativePath);

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new RemoteStoreException(e.Message.TrimEnd('.'), e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteStoreException($"no answer in {_http.Timeout.TotalSeconds:0} s", e);
        }
    }

    private static bool Check(HttpResponseMessage response, RemoteObjectKey key)
    {
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        var status = (int)response.StatusCode;
        var what = status is 401 or 403
            ? $"{key} was refused with {status} {response.ReasonPhrase} (check {RemoteCacheEnvironment.User}/{RemoteCacheEnvironment.Password} or {RemoteCacheEnvironment.Token})"
            : $"{key} answered {status} {response.ReasonPhrase}";
        throw new RemoteStoreException(what);
    }
}
