using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>
/// A token service of distribution's token authentication, in the test (no token server is packaged
/// here): <c>GET /token?service=…&amp;scope=…</c> with Basic credentials answers a JWT signed with an RSA
/// key whose self-signed certificate the real registry trusts (<c>rootcertbundle</c>), granting the
/// scopes asked for; wrong credentials get 401. The registry checks the tokens itself.
/// </summary>
internal sealed class RegistryTokenServer : IDisposable
{
    public const string Service = "pipelinebuild-test-registry";
    public const string Issuer = "pipelinebuild-test-issuer";

    private readonly HttpListener _listener = new();
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly string _user;
    private readonly string _password;
    private readonly Task _loop;

    public RegistryTokenServer(string user, string password)
    {
        _user = user;
        _password = password;
        var request = new CertificateRequest("CN=" + Issuer, _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var port = LocalServer.FreePort();
        Realm = $"http://127.0.0.1:{port}/token";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Realm { get; }

    public string CertificatePem => _certificate.ExportCertificatePem();

    /// <summary>What each token request asked for: the user (or "" for none) and the scopes; refused ones included.</summary>
    public ConcurrentQueue<(string User, bool Granted, string[] Scopes)> Requests { get; } = new();

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _certificate.Dispose();
        _key.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            var (user, password) = BasicCredentials(context.Request.Headers["Authorization"]);
            var scopes = context.Request.QueryString.GetValues("scope") ?? [];
            var granted = string.Equals(user, _user, StringComparison.Ordinal) && string.Equals(password, _password, StringComparison.Ordinal)
                && string.Equals(context.Request.QueryString["service"], Service, StringComparison.Ordinal);
            Requests.Enqueue((user, granted, scopes));
            if (!granted)
            {
                response.StatusCode = 401;
                continue;
            }

            var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["token"] = Token(user, scopes), ["expires_in"] = 300 });
            response.ContentType = "application/json";
            await response.OutputStream.WriteAsync(body);
        }
    }

    private static (string User, string Password) BasicCredentials(string? header)
    {
        if (header is null || !header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return ("", "");
        }

        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (pair, "") : (pair[..colon], pair[(colon + 1)..]);
    }

    /// <summary>An RS256 JWT with the certificate in <c>x5c</c> and one <c>access</c> entry per <c>repository:NAME:ACTIONS</c> scope.</summary>
    private string Token(string user, IEnumerable<string> scopes)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var access = scopes
            .Select(s => s.Split(':'))
            .Where(parts => parts.Length == 3 && parts[0] == "repository")
            .Select(parts => new Dictionary<string, object> { ["type"] = "repository", ["name"] = parts[1], ["actions"] = parts[2].Split(',') })
            .ToList();
        var header = new Dictionary<string, object> { ["alg"] = "RS256", ["typ"] = "JWT", ["x5c"] = new[] { Convert.ToBase64String(_certificate.RawData) } };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = user,
            ["aud"] = Service,
            ["exp"] = now + 300,
            ["nbf"] = now - 60,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var signed = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signed + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
