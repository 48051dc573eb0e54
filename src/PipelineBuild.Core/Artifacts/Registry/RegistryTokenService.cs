using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Artifacts.Registry;

/// <summary>
/// The registry token flow (distribution's token authentication): a <c>Bearer</c> challenge names a
/// <c>realm</c>, a <c>service</c> and a <c>scope</c>; the realm gives a token for them — asked with
/// <c>GET</c> and Basic credentials, or with an OAuth2 <c>refresh_token</c> <c>POST</c> for an identity
/// token, or anonymously. Credentials only travel over HTTPS, or plain HTTP to a loopback address.
/// </summary>
internal sealed class RegistryTokenService
{
    private const string ClientId = "pipelinebuild";

    private readonly OciReference _reference;

    public RegistryTokenService(OciReference reference)
    {
        _reference = reference;
    }

    public async Task<string> RequestAsync(AuthChallenge challenge, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        var realm = Realm(challenge);
        var scopes = (challenge["scope"] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Append($"repository:{_reference.Repository}:pull,push")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var service = challenge["service"];
        using var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), AllowAutoRedirect = false }) { Timeout = TimeSpan.FromMinutes(2) };
        using var request = credentials is { IsIdentityToken: true }
            ? RefreshTokenRequest(realm, service, scopes, credentials)
            : TokenRequest(realm, service, scopes, credentials);
        // A token service that cannot be reached is the registry unreachable: OciPublishTarget reports it (PB8107, exit 3).
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw credentials is null ? RegistryErrors.Missing(_reference) : RegistryErrors.Refused(_reference, credentials, response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw Bad($"the token service {realm.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.StatusCode}");
        }

        return TokenOf(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false))
            ?? throw Bad($"the token service {realm.GetLeftPart(UriPartial.Path)} answered no token");
    }

    private Uri Realm(AuthChallenge challenge)
    {
        if (!Uri.TryCreate(challenge["realm"], UriKind.Absolute, out var realm) || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp))
        {
            throw Bad("its Bearer challenge names no http(s) token service (realm)");
        }

        return realm.Scheme == Uri.UriSchemeHttp && !realm.IsLoopback
            ? throw Bad($"its token service {realm.GetLeftPart(UriPartial.Path)} is plain HTTP; credentials are sent only over HTTPS (or to a loopback address)")
            : realm;
    }

    private static HttpRequestMessage TokenRequest(Uri realm, string? service, IReadOnlyList<string> scopes, RegistryCredentials? credentials)
    {
        var query = new List<string>();
        if (service is not null)
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }

        query.AddRange(scopes.Select(s => "scope=" + Uri.EscapeDataString(s)));
        if (credentials is not null)
        {
            query.Add("account=" + Uri.EscapeDataString(credentials.Username));
        }

        var builder = new UriBuilder(realm);
        if (builder.Query.TrimStart('?') is { Length: > 0 } existing)
        {
            query.Insert(0, existing);
        }

        builder.Query = string.Join('&', query);
        var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
        if (credentials is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials.BasicParameter);
        }

        return request;
    }

    private static HttpRequestMessage RefreshTokenRequest(Uri realm, string? service, IReadOnlyList<string> scopes, RegistryCredentials credentials)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("refresh_token", credentials.Secret),
            new("client_id", ClientId),
            new("scope", string.Join(' ', scopes)),
        };
        if (service is not null)
        {
            form.Add(new("service", service));
        }

        return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
    }

    private static string? TokenOf(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            foreach (var name in (string[])["token", "access_token"])
            {
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var token) && token.ValueKind == JsonValueKind.String && token.GetString() is { Length: > 0 } text)
                {
                    return text;
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private PipelineException Bad(string why) =>
        new(RegistryCodes.BadChallenge, $"{_reference}: error {RegistryCodes.BadChallenge}: cannot follow the registry's authentication: {why}", ExitCodes.StepFailed);
}
