using System.Net;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Artifacts.Registry;

/// <summary>The errors of registry authentication; they name where credentials came from, never the secret.</summary>
internal static class RegistryErrors
{
    public static PipelineException Missing(OciReference reference) =>
        new(
            RegistryCodes.CredentialsMissing,
            $"{reference}: error {RegistryCodes.CredentialsMissing}: the registry wants credentials and none were found for {reference.Host}; run 'docker login {reference.Host}', or set {RegistryCredentialSource.UsernameVariable} and {RegistryCredentialSource.PasswordVariable}",
            ExitCodes.StepFailed);

    public static PipelineException Refused(OciReference reference, RegistryCredentials credentials, HttpStatusCode status) =>
        new(
            RegistryCodes.CredentialsRefused,
            $"{reference}: error {RegistryCodes.CredentialsRefused}: the registry refused {credentials} ({(int)status} {status}); check the user name and password or token, and that the account may push to '{reference.Repository}'",
            ExitCodes.StepFailed);
}
