using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace PipelineBuild.EndToEnd.Tests.Monitoring;

/// <summary>
/// A real Prometheus or Pushgateway for a test (Debian's packages, installed by build/monitoring-up.sh):
/// started on a free loopback port with a temp folder for config and data, stopped and removed on dispose.
/// </summary>
internal sealed class MonitoringServer : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private MonitoringServer(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public static string? Find(string binary) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(p => Path.Combine(p, binary)).FirstOrDefault(File.Exists);

    public static MonitoringServer Pushgateway()
    {
        var port = FreePort();
        return Start("prometheus-pushgateway", [$"--web.listen-address=127.0.0.1:{port}"], port, "/-/ready", null);
    }

    /// <summary>A Prometheus scraping <paramref name="targets"/> (job name → host:port, honouring pushed labels) every second.</summary>
    public static MonitoringServer Prometheus(params (string Job, string Target)[] targets)
    {
        var port = FreePort();
        var jobs = string.Join("\n", targets.Select(t => $"  - job_name: {t.Job}\n    honor_labels: true\n    static_configs: [{{ targets: [\"{t.Target}\"] }}]"));
        var config = $"global: {{ scrape_interval: 1s, evaluation_interval: 1s }}\nscrape_configs:\n{jobs}\n";
        return Start("prometheus", ["--config.file={folder}/prometheus.yml", "--storage.tsdb.path={folder}/data", $"--web.listen-address=127.0.0.1:{port}"], port, "/-/ready", config);
    }

    /// <summary>Polls an instant query until it returns a series, and gives its value (null at the deadline).</summary>
    public double? QueryValue(string query, TimeSpan timeout)
    {
        using var client = new HttpClient();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            try
            {
                var json = client.GetStringAsync(new Uri($"{Url}/api/v1/query?query={Uri.EscapeDataString(query)}")).Result;
                using var document = JsonDocument.Parse(json);
                var result = document.RootElement.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() > 0)
                {
                    return double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch (AggregateException)
            {
            }

            Thread.Sleep(250);
        }

        return null;
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

    private static MonitoringServer Start(string binary, string[] args, int port, string readyPath, string? config)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pb-{binary}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(folder);
        if (config is not null)
        {
            File.WriteAllText(Path.Combine(folder, "prometheus.yml"), config);
        }

        var info = new ProcessStartInfo(Find(binary) ?? throw new InvalidOperationException($"{binary} is not installed: run build/monitoring-up.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg.Replace("{folder}", folder, StringComparison.Ordinal));
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new MonitoringServer(process, folder, port);
        using var client = new HttpClient();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if (client.GetAsync(new Uri(server.Url + readyPath)).Result.StatusCode == HttpStatusCode.OK)
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
        throw new InvalidOperationException($"{binary} did not start in 60 s");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
