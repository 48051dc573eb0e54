using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>
/// A real OCI registry for a test: Debian's <c>docker-registry</c> serving a temp folder on a free
/// loopback port (install it with build/registry-up.sh). Stopped and removed on dispose.
/// </summary>
internal sealed class RegistryServer : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private RegistryServer(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    public static string? BinaryPath =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(p => Path.Combine(p, "docker-registry")).FirstOrDefault(File.Exists);

    public static RegistryServer Start()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pb-registry-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var port = FreePort();
        File.WriteAllText(Path.Combine(folder, "config.yml"), $"""
            version: 0.1
            log: {"{"} level: error {"}"}
            storage: {"{"} filesystem: {"{"} rootdirectory: {folder}/data {"}"} {"}"}
            http: {"{"} addr: 127.0.0.1:{port} {"}"}
            """);
        var process = Process.Start(new ProcessStartInfo(BinaryPath!, ["serve", Path.Combine(folder, "config.yml")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var server = new RegistryServer(process, folder, port);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        using var client = new HttpClient();
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (client.GetAsync(new Uri($"http://{server.Host}/v2/")).Result.StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (AggregateException)
            {
            }

            Thread.Sleep(100);
        }

        server.Dispose();
        throw new InvalidOperationException("docker-registry did not start in 20 s");
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
