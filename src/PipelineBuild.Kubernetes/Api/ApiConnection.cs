using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Exceptions;

namespace PipelineBuild.Kubernetes.Api;

/// <summary>
/// The HTTP client of a <see cref="KubernetesClientConfiguration"/>, set up as the client's <c>Kubernetes</c> object
/// sets up its own (its constructor, <c>Kubernetes.ConfigInit.cs</c>): the cluster's CA (or no check when the kubeconfig
/// says so), the client certificate, and the credentials (token, basic, exec plugin, token file). Every decision about
/// them stays the client's: its <see cref="k8s.Kubernetes.CreateCredentials"/>,
/// <see cref="k8s.Kubernetes.CertificateValidationCallBack"/> and its (internal) <c>CertUtils.GetClientCert</c>;
/// only the wiring is here, because constructing that object keeps all of the client's JSON in the binary.
/// </summary>
internal static class ApiConnection
{
    public static KubernetesApi Open(KubernetesClientConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var baseUri = BaseUriOf(config);
        var handler = new SocketsHttpHandler
        {
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            KeepAlivePingDelay = TimeSpan.FromMinutes(3),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            EnableMultipleHttp2Connections = true,
        };
        handler.SslOptions.ClientCertificates = [];
        config.FirstMessageHandlerSetup?.Invoke(handler);
        var http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrWhiteSpace(config.UserAgent))
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", config.UserAgent);
        }

        if (baseUri.Scheme == Uri.UriSchemeHttps)
        {
            CheckServer(handler, config);
        }

        var credentials = k8s.Kubernetes.CreateCredentials(config);
        if (ClientCertificate(config) is { } certificate)
        {
            handler.SslOptions.ClientCertificates.Add(certificate);

            // As the client does: a client certificate is otherwise cached and cannot be replaced.
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        return new KubernetesApi(http, baseUri, credentials, config);
    }

    /// <summary>The API's address, checked as the client checks it (a <see cref="KubeConfigException"/> otherwise), ending in '/'.</summary>
    private static Uri BaseUriOf(KubernetesClientConfiguration config)
    {
        if (string.IsNullOrWhiteSpace(config.Host))
        {
            throw new KubeConfigException("Host url must be set");
        }

        Uri host;
        try
        {
            host = new Uri(config.Host);
        }
        catch (UriFormatException e)
        {
            throw new KubeConfigException("Bad host url", e);
        }

        var text = host.AbsoluteUri;
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    private static void CheckServer(SocketsHttpHandler handler, KubernetesClientConfiguration config)
    {
        if (config.SkipTlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (config.SslCaCerts is { } authorities)
        {
            var trusted = new X509Certificate2Collection();
            foreach (var authority in authorities)
            {
                trusted.Add(authority);
            }

            handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
                k8s.Kubernetes.CertificateValidationCallBack(sender, trusted, certificate, chain, errors);
        }
    }

    /// <summary>The client's own reading of the kubeconfig's client certificate and key (data or files; null without them).</summary>
    internal static X509Certificate2? ClientCertificate(KubernetesClientConfiguration config) => GetClientCert(null, config);

    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "GetClientCert")]
    private static extern X509Certificate2? GetClientCert([UnsafeAccessorType("k8s.CertUtils, KubernetesClient.Aot")] object? certUtils, KubernetesClientConfiguration config);
}
