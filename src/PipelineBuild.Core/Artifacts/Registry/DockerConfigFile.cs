using System.Text;
using System.Text.Json;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Artifacts.Registry;

/// <summary>
/// The parts of the docker CLI's <c>config.json</c> (<c>$DOCKER_CONFIG/config.json</c>, by default
/// <c>~/.docker/config.json</c>) that say where a registry's credentials are: <c>credHelpers</c> (per
/// host), <c>credsStore</c> (for every host) and <c>auths</c> (base64 <c>auth</c> of <c>user:password</c>,
/// or <c>identitytoken</c>). Keys of <c>auths</c> and <c>credHelpers</c> are compared as the docker CLI
/// does: by host, with any scheme and path dropped.
/// </summary>
public sealed class DockerConfigFile
{
    private readonly Dictionary<string, JsonElement> _auths;
    private readonly Dictionary<string, string> _helpers;

    private DockerConfigFile(string path, Dictionary<string, JsonElement> auths, Dictionary<string, string> helpers, string? credsStore)
    {
        Path = path;
        _auths = auths;
        _helpers = helpers;
        CredsStore = credsStore;
    }

    public string Path { get; }

    public string? CredsStore { get; }

    /// <summary>The file the docker CLI reads for this environment (which need not exist).</summary>
    public static string Location(Func<string, string?> environment)
    {
        var folder = environment("DOCKER_CONFIG") is { Length: > 0 } configured
            ? configured
            : System.IO.Path.Combine(environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        return System.IO.Path.Combine(folder, "config.json");
    }

    /// <summary>The file at <paramref name="path"/>; null when there is none.</summary>
    public static DockerConfigFile? Load(string path)
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Bad(path, IoErrorText.Describe(e));
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad(path, "not a JSON object");
            }

            var auths = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("auths", out var authsElement) && authsElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in authsElement.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.Object))
                {
                    auths.TryAdd(HostOf(entry.Name), entry.Value.Clone());
                }
            }

            var helpers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("credHelpers", out var helpersElement) && helpersElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in helpersElement.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.String))
                {
                    helpers.TryAdd(HostOf(entry.Name), entry.Value.GetString()!);
                }
            }

            var store = root.TryGetProperty("credsStore", out var storeElement) && storeElement.ValueKind == JsonValueKind.String ? storeElement.GetString() : null;
            return new DockerConfigFile(path, auths, helpers, string.IsNullOrEmpty(store) ? null : store);
        }
        catch (JsonException e)
        {
            // The parser's message quotes the text it stopped at, which may be a secret: only the place is named.
            throw Bad(path, $"not JSON at line {(e.LineNumber ?? 0) + 1}");
        }
    }

    /// <summary>The host of an <c>auths</c> key: <c>https://index.docker.io/v1/</c> → <c>index.docker.io</c>.</summary>
    public static string HostOf(string key)
    {
        var host = key;
        foreach (var scheme in (string[])["https://", "http://"])
        {
            if (host.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                host = host[scheme.Length..];
                break;
            }
        }

        var slash = host.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? host : host[..slash];
    }

    /// <summary>The credential helper named for <paramref name="host"/> in <c>credHelpers</c>, else <c>credsStore</c>.</summary>
    public string? HelperFor(string host) => _helpers.TryGetValue(host, out var helper) && helper.Length > 0 ? helper : CredsStore;

    /// <summary>The credentials <c>auths</c> holds for <paramref name="host"/>; null when none.</summary>
    public RegistryCredentials? AuthsFor(string host)
    {
        if (!_auths.TryGetValue(host, out var entry))
        {
            return null;
        }

        var source = $"{Path} (auths)";
        if (Text(entry, "identitytoken") is { Length: > 0 } identityToken)
        {
            return new RegistryCredentials(Text(entry, "username") ?? RegistryCredentials.IdentityTokenUser, identityToken, source, isIdentityToken: true);
        }

        if (Text(entry, "auth") is { Length: > 0 } auth)
        {
            string pair;
            try
            {
                pair = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            }
            catch (FormatException)
            {
                throw Bad(Path, $"the 'auth' of '{host}' is not base64; run 'docker login {host}' again");
            }

            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon <= 0
                ? throw Bad(Path, $"the 'auth' of '{host}' is not base64 of 'user:password'; run 'docker login {host}' again")
                : new RegistryCredentials(pair[..colon], pair[(colon + 1)..], source);
        }

        return Text(entry, "username") is { Length: > 0 } user && Text(entry, "password") is { } password
            ? new RegistryCredentials(user, password, source)
            : null;
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static PipelineException Bad(string path, string why) =>
        new(RegistryCodes.BadDockerConfig, $"{path}: error {RegistryCodes.BadDockerConfig}: cannot read the docker configuration ({why}); fix or remove it, or point DOCKER_CONFIG at another folder", ExitCodes.InvalidInput);
}
