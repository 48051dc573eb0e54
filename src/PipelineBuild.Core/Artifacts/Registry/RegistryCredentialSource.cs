using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Artifacts.Registry;

/// <summary>
/// Finds a registry's credentials: <c>PIPELINEBUILD_REGISTRY_USERNAME</c> and <c>PIPELINEBUILD_REGISTRY_PASSWORD</c>
/// first (CI), then the docker CLI's configuration: the credential helper of <c>credHelpers</c> or
/// <c>credsStore</c>, then <c>auths</c>. Asked only when a registry challenges, so anonymous registries
/// never run a helper.
/// </summary>
public sealed class RegistryCredentialSource
{
    public const string UsernameVariable = "PIPELINEBUILD_REGISTRY_USERNAME";
    public const string PasswordVariable = "PIPELINEBUILD_REGISTRY_PASSWORD";

    /// <summary>The address docker uses for Docker Hub in config.json and with credential helpers.</summary>
    private const string DockerHubAddress = "https://index.docker.io/v1/";

    private readonly Func<string, string?> _environment;

    public RegistryCredentialSource(Func<string, string?> environment)
    {
        _environment = environment;
    }

    /// <summary>The credentials for <paramref name="host"/> (<c>host[:port]</c>); null when there are none.</summary>
    public RegistryCredentials? Find(string host)
    {
        var user = _environment(UsernameVariable);
        var password = _environment(PasswordVariable);
        if (!string.IsNullOrEmpty(user) || !string.IsNullOrEmpty(password))
        {
            return !string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password)
                ? new RegistryCredentials(user, password, $"{UsernameVariable}/{PasswordVariable}")
                : throw new PipelineException(
                    RegistryCodes.IncompleteEnvironment,
                    $"error {RegistryCodes.IncompleteEnvironment}: {(string.IsNullOrEmpty(user) ? UsernameVariable : PasswordVariable)} is not set but {(string.IsNullOrEmpty(user) ? PasswordVariable : UsernameVariable)} is; set both, or neither to use the docker configuration",
                    ExitCodes.InvalidInput);
        }

        var config = DockerConfigFile.Load(DockerConfigFile.Location(_environment));
        if (config is null)
        {
            return null;
        }

        var isHub = host is "docker.io" or "index.docker.io" or "registry-1.docker.io";
        var key = isHub ? DockerConfigFile.HostOf(DockerHubAddress) : host;
        var fromHelper = config.HelperFor(key) is { } helper ? DockerCredentialHelper.Get(helper, isHub ? DockerHubAddress : host) : null;
        return fromHelper ?? config.AuthsFor(key);
    }
}
