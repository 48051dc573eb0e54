using System.Net;
using System.Net.Http.Headers;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Artifacts.Registry;

/// <summary>
/// Answers a registry's 401 as the docker CLI does: a <c>Basic</c> challenge with the credentials, a
/// <c>Bearer</c> challenge with a token from the challenge's <c>realm</c> (asked with the credentials,
/// for the challenge's scope and push to the repository), then the request once more. Later requests
/// carry the same authorization; only requests to the registry's own host ever do. Credentials are
/// looked up at the first challenge, so an anonymous registry never needs any.
/// </summary>
public sealed class RegistryAuthenticationHandler : DelegatingHandler
{
    private readonly OciReference _reference;
    private readonly Lazy<RegistryCredentials?> _credentials;
    private readonly RegistryTokenService _tokens;
    private AuthenticationHeaderValue? _authorization;

    public RegistryAuthenticationHandler(OciReference reference, Func<RegistryCredentials?> credentials, HttpMessageHandler inner)
        : base(inner)
    {
        _reference = reference;
        _credentials = new Lazy<RegistryCredentials?>(credentials);
        _tokens = new RegistryTokenService(reference);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var toRegistry = request.RequestUri is { } uri && string.Equals(uri.Authority, _reference.BaseUri.Authority, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Scheme, _reference.BaseUri.Scheme, StringComparison.Ordinal);
        if (toRegistry && _authorization is not null)
        {
            request.Headers.Authorization = _authorization;
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!toRegistry || response.StatusCode != HttpStatusCode.Unauthorized || AuthChallenge.Of(response) is not { } challenge)
        {
            return response;
        }

        var sent = request.Headers.Authorization;
        response.Dispose();
        _authorization = await AuthorizeAsync(challenge, sent, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = _authorization;
        var retried = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (retried.StatusCode == HttpStatusCode.Unauthorized)
        {
            retried.Dispose();
            throw Refused(HttpStatusCode.Unauthorized);
        }

        return retried;
    }

    private async Task<AuthenticationHeaderValue> AuthorizeAsync(AuthChallenge challenge, AuthenticationHeaderValue? sent, CancellationToken cancellationToken)
    {
        if (challenge.IsBearer)
        {
            var token = await _tokens.RequestAsync(challenge, _credentials.Value, cancellationToken).ConfigureAwait(false);
            return new AuthenticationHeaderValue("Bearer", token);
        }

        if (!challenge.IsBasic)
        {
            throw new PipelineException(
                RegistryCodes.BadChallenge,
                $"{_reference}: error {RegistryCodes.BadChallenge}: the registry asks for '{challenge.Scheme}' authentication; only Basic and Bearer (token) are spoken",
                ExitCodes.StepFailed);
        }

        var credentials = _credentials.Value ?? throw RegistryErrors.Missing(_reference);
        if (credentials.IsIdentityToken)
        {
            throw new PipelineException(
                RegistryCodes.BadChallenge,
                $"{_reference}: error {RegistryCodes.BadChallenge}: the registry asks for a password, but {credentials} is an identity token, which only a token service takes; log in with a password",
                ExitCodes.StepFailed);
        }

        var basic = new AuthenticationHeaderValue("Basic", credentials.BasicParameter);
        return sent is not null && string.Equals(sent.Scheme, basic.Scheme, StringComparison.OrdinalIgnoreCase) && string.Equals(sent.Parameter, basic.Parameter, StringComparison.Ordinal)
            ? throw Refused(HttpStatusCode.Unauthorized)
            : basic;
    }

    private PipelineException Refused(HttpStatusCode status) =>
        _credentials.Value is { } credentials ? RegistryErrors.Refused(_reference, credentials, status) : RegistryErrors.Missing(_reference);
}
