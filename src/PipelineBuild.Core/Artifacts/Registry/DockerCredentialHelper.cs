using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Artifacts.Registry;

/// <summary>
/// A docker credential helper (<c>docker-credential-NAME</c> on PATH), asked as the docker CLI asks it:
/// <c>get</c> with the server address on standard input, <c>{"ServerURL", "Username", "Secret"}</c> on
/// standard output. "credentials not found" is no credentials; anything else that fails is an error.
/// </summary>
public static class DockerCredentialHelper
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static RegistryCredentials? Get(string name, string serverAddress)
    {
        // The name comes from config.json: it must name a program, never a path.
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || name.StartsWith('.'))
        {
            throw Failed(name, "is not a credential helper name (letters, digits, '-', '_', '.')");
        }

        var program = "docker-credential-" + name;
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("get");
        string output;
        string error;
        int exitCode;
        try
        {
            using var process = Process.Start(info)!;
            process.StandardInput.Write(serverAddress);
            process.StandardInput.Close();
            var errorText = process.StandardError.ReadToEndAsync();
            var outputText = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Patience))
            {
                process.Kill(entireProcessTree: true);
                throw Failed(name, $"did not answer in {Patience.TotalSeconds:0} s");
            }

            output = outputText.Result;
            error = errorText.Result;
            exitCode = process.ExitCode;
        }
        catch (Win32Exception)
        {
            throw Failed(name, $"is not on PATH ({program}); install it, or remove it from the docker configuration");
        }

        if (exitCode != 0)
        {
            // The helpers' own words for "none stored" (docker-credential-helpers' ErrCredentialsNotFound).
            var said = (output + error).Trim();
            return said.Contains("credentials not found", StringComparison.OrdinalIgnoreCase)
                ? null
                : throw Failed(name, $"failed with exit code {exitCode}{(said.Length > 0 ? ": " + Shorten(error.Trim()) : "")}");
        }

        try
        {
            using var document = JsonDocument.Parse(output);
            var root = document.RootElement;
            var user = root.TryGetProperty("Username", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            var secret = root.TryGetProperty("Secret", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            return string.IsNullOrEmpty(secret)
                ? null
                : new RegistryCredentials(user ?? "", secret, $"the credential helper {program}");
        }
        catch (JsonException)
        {
            // Its output may hold the secret: it is not repeated.
            throw Failed(name, "answered something that is not the expected JSON");
        }
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;

    private static PipelineException Failed(string name, string why) =>
        new(RegistryCodes.HelperFailed, $"docker-credential-{name}: error {RegistryCodes.HelperFailed}: the docker credential helper {why}", ExitCodes.StepFailed);
}
