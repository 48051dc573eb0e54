namespace PipelineBuild.Core.Artifacts.Registry;

/// <summary>Error codes of registry credentials and authentication (<c>PB82xx</c>, docs/error-codes.md).</summary>
public static class RegistryCodes
{
    /// <summary>The registry or its token service refused the credentials found for it (exit 1).</summary>
    public const string CredentialsRefused = "PB8200";

    /// <summary>The registry wants credentials and none were found for its host (exit 1).</summary>
    public const string CredentialsMissing = "PB8201";

    /// <summary>A docker credential helper is missing, failed or answered something unreadable (exit 1).</summary>
    public const string HelperFailed = "PB8202";

    /// <summary>The docker <c>config.json</c> is unreadable or not the expected JSON (exit 2).</summary>
    public const string BadDockerConfig = "PB8203";

    /// <summary>The registry's authentication challenge cannot be followed: unknown scheme, a token service over plain HTTP, no token in its answer (exit 1).</summary>
    public const string BadChallenge = "PB8204";

    /// <summary>Only one of <c>PIPELINEBUILD_REGISTRY_USERNAME</c> and <c>PIPELINEBUILD_REGISTRY_PASSWORD</c> is set (exit 2).</summary>
    public const string IncompleteEnvironment = "PB8205";
}
