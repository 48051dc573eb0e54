using System.Text;

namespace PipelineBuild.Core.Artifacts.Registry;

/// <summary>
/// A user name and a secret for a registry, and where they were found (for messages). The secret is a
/// password, or an identity token (a docker credential helper's <c>&lt;token&gt;</c> user, config.json's
/// <c>identitytoken</c>) that only a token service takes. Never printed: <see cref="ToString"/> leaves it out.
/// </summary>
public sealed class RegistryCredentials
{
    /// <summary>The user name docker credential helpers give for an identity token.</summary>
    public const string IdentityTokenUser = "<token>";

    public RegistryCredentials(string username, string secret, string source, bool isIdentityToken = false)
    {
        Username = username;
        Secret = secret;
        Source = source;
        IsIdentityToken = isIdentityToken || string.Equals(username, IdentityTokenUser, StringComparison.Ordinal);
    }

    public string Username { get; }

    public string Secret { get; }

    /// <summary>Where they came from, e.g. <c>/root/.docker/config.json (auths)</c>; named in errors.</summary>
    public string Source { get; }

    public bool IsIdentityToken { get; }

    /// <summary>The parameter of an HTTP <c>Basic</c> authorization.</summary>
    public string BasicParameter => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Secret}"));

    /// <summary>Names the user and the source, never the secret.</summary>
    public override string ToString() => IsIdentityToken ? $"an identity token from {Source}" : $"user '{Username}' from {Source}";
}
