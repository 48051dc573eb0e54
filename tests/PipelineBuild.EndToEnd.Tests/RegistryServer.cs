namespace PipelineBuild.EndToEnd.Tests;

/// <summary>
/// A real OCI registry for a test: Debian's <c>docker-registry</c> serving a temp folder on a free
/// loopback port (install it with build/registry-up.sh). Stopped and removed on dispose.
/// </summary>
internal sealed class RegistryServer : IDisposable
{
    private readonly LocalServer _server;

    private RegistryServer(LocalServer server) => _server = server;

    public int Port => _server.Port;

    public string Host => $"127.0.0.1:{Port}";

    public static string? BinaryPath => LocalServer.Find("docker-registry");

    public static RegistryServer Start() => new(LocalServer.Start(
        "docker-registry",
        (folder, port) =>
        {
            var config = Path.Combine(folder, "config.yml");
            File.WriteAllText(config, $"""
                version: 0.1
                log: {"{"} level: error {"}"}
                storage: {"{"} filesystem: {"{"} rootdirectory: {folder}/data {"}"} {"}"}
                http: {"{"} addr: 127.0.0.1:{port} {"}"}
                """);
            return ["serve", config];
        },
        "/v2/",
        "build/registry-up.sh"));

    public void Dispose() => _server.Dispose();
}
