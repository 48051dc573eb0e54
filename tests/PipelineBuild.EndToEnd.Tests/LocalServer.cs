using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>
/// A real server binary a test starts (a Debian package: docker-registry, prometheus, prometheus-pushgateway):
/// on a free loopback port with a temp folder of its own, ready once a URL answers 200, killed and removed on dispose.
/// </summary>
internal sealed class LocalServer : IDisposable
{
    private readonly Process _process;

    private LocalServer(Process process, string folder, int port)
    {
        _process = process;
        Folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string Folder { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>The binary's path on PATH, or null when it is not installed.</summary>
    public static string? Find(string binary) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(p => Path.Combine(p, binary)).FirstOrDefault(File.Exists);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Starts <paramref name="binary"/> with the arguments <paramref name="arguments"/> gives for its folder and port;
    /// ready when <paramref name="readyPath"/> answers 200 (or anything, with <paramref name="anyAnswer"/>: Azurite wants authentication).
    /// </summary>
    public static LocalServer Start(string binary, Func<string, int, IEnumerable<string>> arguments, string readyPath, string installHint, bool anyAnswer = false)
    {
        var path = Find(binary) ?? throw new InvalidOperationException($"{binary} is not installed: run {installHint}");
        var folder = Path.Combine(Path.GetTempPath(), $"pb-{binary}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments(folder, port))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new LocalServer(process, folder, port);
        using var client = new HttpClient();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                if (client.GetAsync(new Uri(server.Url + readyPath)).Result.StatusCode is var status && (anyAnswer || status == HttpStatusCode.OK))
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
        throw new InvalidOperationException($"{binary} did not start in 120 s");
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
        Directory.Delete(Folder, recursive: true);
    }
}
