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
    private readonly LocalServer _server;

    private MonitoringServer(LocalServer server) => _server = server;

    public int Port => _server.Port;

    public string Url => _server.Url;

    public static string? Find(string binary) => LocalServer.Find(binary);

    public static int FreePort() => LocalServer.FreePort();

    public static MonitoringServer Pushgateway() => new(LocalServer.Start(
        "prometheus-pushgateway", (_, port) => [$"--web.listen-address=127.0.0.1:{port}"], "/-/ready", "build/monitoring-up.sh"));

    /// <summary>A Prometheus scraping <paramref name="targets"/> (job name → host:port, honouring pushed labels) every second.</summary>
    public static MonitoringServer Prometheus(params (string Job, string Target)[] targets)
    {
        var jobs = string.Join("\n", targets.Select(t => $"  - job_name: {t.Job}\n    honor_labels: true\n    static_configs: [{{ targets: [\"{t.Target}\"] }}]"));
        var config = $"global: {{ scrape_interval: 1s, evaluation_interval: 1s }}\nscrape_configs:\n{jobs}\n";
        return new(LocalServer.Start(
            "prometheus",
            (folder, port) =>
            {
                File.WriteAllText(Path.Combine(folder, "prometheus.yml"), config);
                return [$"--config.file={folder}/prometheus.yml", $"--storage.tsdb.path={folder}/data", $"--web.listen-address=127.0.0.1:{port}"];
            },
            "/-/ready",
            "build/monitoring-up.sh"));
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

    public void Dispose() => _server.Dispose();
}
