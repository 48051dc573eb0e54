using System.Diagnostics;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>
/// A real OCI registry for a test: Debian's <c>docker-registry</c> serving a temp folder on a free
/// loopback port (install it with build/registry-up.sh), anonymous, or with its own authentication:
/// <c>htpasswd</c> (Basic) or <c>token</c> (Bearer, tokens from a <see cref="RegistryTokenServer"/>).
/// Stopped and removed on dispose.
/// </summary>
internal sealed class RegistryServer : IDisposable
{
    private readonly LocalServer _server;

    private RegistryServer(LocalServer server) => _server = server;

    public int Port => _server.Port;

    public string Host => $"127.0.0.1:{Port}";

    public static string? BinaryPath => LocalServer.Find("docker-registry");

    public static string? HtpasswdPath => LocalServer.Find("htpasswd");

    public static RegistryServer Start() => Start(_ => "");

    /// <summary>A registry that takes only <paramref name="user"/> with <paramref name="password"/> (bcrypt htpasswd, as distribution requires).</summary>
    public static RegistryServer StartWithPassword(string user, string password) => Start(folder =>
    {
        var file = Path.Combine(folder, "htpasswd");
        File.WriteAllText(file, Htpasswd(user, password));
        return $"auth: {{ htpasswd: {{ realm: pipelinebuild-test, path: {file} }} }}";
    });

    /// <summary>A registry that takes only tokens signed by <paramref name="tokens"/>.</summary>
    public static RegistryServer StartWithTokens(RegistryTokenServer tokens) => Start(folder =>
    {
        var bundle = Path.Combine(folder, "token-issuer.crt");
        File.WriteAllText(bundle, tokens.CertificatePem);
        return $"auth: {{ token: {{ realm: {tokens.Realm}, service: {RegistryTokenServer.Service}, issuer: {RegistryTokenServer.Issuer}, rootcertbundle: {bundle} }} }}";
    });

    public void Dispose() => _server.Dispose();

    private static RegistryServer Start(Func<string, string> auth) => new(LocalServer.Start(
        "docker-registry",
        (folder, port) =>
        {
            var config = Path.Combine(folder, "config.yml");
            File.WriteAllText(config, $"""
                version: 0.1
                log: {"{"} level: error {"}"}
                storage: {"{"} filesystem: {"{"} rootdirectory: {folder}/data {"}"} {"}"}
                http: {"{"} addr: 127.0.0.1:{port} {"}"}
                {auth(folder)}
                """);
            return ["serve", config];
        },
        "/v2/",
        "build/registry-up.sh",
        anyAnswer: true));

    private static string Htpasswd(string user, string password)
    {
        var info = new ProcessStartInfo(HtpasswdPath ?? throw new InvalidOperationException("htpasswd is not installed: run build/registry-up.sh (Debian package apache2-utils)"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["-B", "-b", "-n", user, password])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "htpasswd failed: " + process.StandardError.ReadToEnd());
        return output;
    }
}
