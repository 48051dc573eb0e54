using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Exceptions;
using k8s.Models;
using PipelineBuild.Kubernetes.Api;

namespace PipelineBuild.Kubernetes.Tests;

/// <summary>
/// <see cref="KubernetesApi"/> sends what the client's <c>Kubernetes</c> object sent: its JSON, its credentials,
/// its client certificate, and refuses what it refused.
/// </summary>
public sealed class KubernetesApiTests : IDisposable
{
    private readonly FakeKubernetesApi _api = new();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task Should_send_a_job_as_the_client_s_own_json_writes_it()
    {
        var job = new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = "pb-1", Labels = new Dictionary<string, string> { ["a"] = "b" } },
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,
                ActiveDeadlineSeconds = 60,
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        Containers = [new V1Container { Name = "step", Image = "busybox", Command = ["sh", "-c", "echo hi"], Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("512Mi"), ["cpu"] = new("1500m") } } }],
                    },
                },
            },
        };
        using var client = _api.Client();

        await client.CreateJobAsync(job, "ml", CancellationToken.None);

        var sent = Assert.Single(_api.Requests, r => r.Method == "POST");
        Assert.Equal("/apis/batch/v1/namespaces/ml/jobs", sent.Path);
        Assert.Equal(KubernetesJson.Serialize(job), sent.Body);
    }

    [Fact]
    public async Task Should_read_times_as_the_client_does_to_the_nanosecond()
    {
        var job = new V1Job { ApiVersion = "batch/v1", Kind = "Job", Metadata = new V1ObjectMeta { Name = "pb-1" } };
        _api.Leave(job);
        using var client = _api.Client();

        var read = await client.ReadJobAsync("pb-1", "ml", CancellationToken.None);
        var pods = await client.ListPodsAsync("ml", "job-name=pb-1", CancellationToken.None);

        Assert.Equal("pb-1", read.Metadata.Name);
        Assert.Equal(1, read.Status?.Active);
        Assert.Equal("pb-1-x7k2p", Assert.Single(pods.Items).Metadata.Name);
        Assert.Equal(new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc).AddTicks(1234567), JsonOf("""{"metadata":{"creationTimestamp":"2026-12-01T10:00:00.123456789Z"}}""").Metadata.CreationTimestamp);
    }

    [Fact]
    public async Task Should_send_the_kubeconfig_s_token_with_every_request()
    {
        using var client = KubernetesApi.Connect(new KubernetesClientConfiguration { Host = _api.Url, AccessToken = "t0k3n" });

        await client.ListJobsAsync("ml", "a=b", CancellationToken.None);

        var sent = Assert.Single(_api.Requests);
        Assert.Equal("Bearer t0k3n", sent.Authorization);
        Assert.Equal("?labelSelector=a%3Db", sent.Query);
    }

    [Fact]
    public async Task Should_fail_as_the_client_did_with_the_status_and_body_of_the_answer()
    {
        using var client = _api.Client();

        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.DeleteJobAsync("absent", "ml", CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Contains("absent", error.Response.Content, StringComparison.Ordinal);
        Assert.StartsWith("Operation returned an invalid status code 'NotFound', response body {", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_load_the_kubeconfig_s_client_certificate_with_the_client_s_own_code()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=alice", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var config = new KubernetesClientConfiguration
        {
            Host = "https://127.0.0.1:6443",
            ClientCertificateData = Base64(certificate.ExportCertificatePem()),
            ClientCertificateKeyData = Base64(key.ExportRSAPrivateKeyPem()),
        };

        using var loaded = ApiConnection.ClientCertificate(config);
        using var none = ApiConnection.ClientCertificate(new KubernetesClientConfiguration { Host = "https://127.0.0.1:6443" });
        using var client = KubernetesApi.Connect(config);

        Assert.Equal(certificate.Thumbprint, loaded?.Thumbprint);
        Assert.True(loaded?.HasPrivateKey);
        Assert.Null(none);
        Assert.Equal(new Uri("https://127.0.0.1:6443/"), client.BaseUri);
    }

    [Fact]
    public async Task Should_present_the_client_certificate_to_a_server_it_trusts_through_the_kubeconfig_s_authority_only()
    {
        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=api", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        using var serverCertificate = serverRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var clientKey = RSA.Create(2048);
        using var clientCertificate = new CertificateRequest("CN=alice", clientKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var otherKey = RSA.Create(2048);
        using var otherAuthority = new CertificateRequest("CN=other", otherKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var host = $"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
            KubernetesClientConfiguration Config(X509Certificate2 authority) => new()
            {
                Host = host,
                SslCaCerts = [X509CertificateLoader.LoadCertificate(authority.RawData)],
                ClientCertificateData = Base64(clientCertificate.ExportCertificatePem()),
                ClientCertificateKeyData = Base64(clientKey.ExportRSAPrivateKeyPem()),
            };
            using var trusting = KubernetesApi.Connect(Config(serverCertificate));
            using var distrusting = KubernetesApi.Connect(Config(otherAuthority));

            var served = AnswerOnceAsync(listener, serverCertificate);
            var secrets = await trusting.ListSecretsAsync("ml", "a=b", CancellationToken.None);
            var presented = await served;
            var refused = AnswerOnceAsync(listener, serverCertificate);
            await Assert.ThrowsAsync<HttpRequestException>(() => distrusting.ListSecretsAsync("ml", "a=b", CancellationToken.None));

            Assert.Empty(secrets.Items);
            Assert.Equal(clientCertificate.Thumbprint, presented.Thumbprint);
            Assert.True(presented.Request);

            // The refused server may see its handshake fail or the connection close after it (TLS 1.3 ends the
            // server's part first): either way no request reaches it.
            var refusal = await Record.ExceptionAsync(() => refused);
            Assert.True(refusal is not null || !(await refused).Request);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    [InlineData("http://[bad")]
    public void Should_refuse_a_configuration_without_a_usable_address_as_the_client_did(string? host)
    {
        Assert.Throws<KubeConfigException>(() => KubernetesApi.Connect(new KubernetesClientConfiguration { Host = host }));
    }

    /// <summary>
    /// Answers one HTTPS request with an empty list: the thumbprint of the client certificate presented, and whether a
    /// request came at all.
    /// </summary>
    private static async Task<(string? Thumbprint, bool Request)> AnswerOnceAsync(TcpListener listener, X509Certificate2 certificate)
    {
        using var connection = await listener.AcceptTcpClientAsync();
        await using var tls = new SslStream(connection.GetStream());
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            ClientCertificateRequired = true,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
        });
        var request = new StringBuilder();
        var buffer = new byte[4096];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await tls.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var thumbprint = tls.RemoteCertificate is { } presented ? X509CertificateLoader.LoadCertificate(presented.GetRawCertData()).Thumbprint : null;
        if (request.Length == 0)
        {
            return (thumbprint, false);
        }

        const string body = """{"apiVersion":"v1","kind":"SecretList","items":[]}""";
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"));
        return (thumbprint, true);
    }

    private static V1Job JsonOf(string json) => System.Text.Json.JsonSerializer.Deserialize(json, KubernetesApiJson.Default.V1Job)!;

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
