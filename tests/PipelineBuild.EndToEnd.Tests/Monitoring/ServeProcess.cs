using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace PipelineBuild.EndToEnd.Tests.Monitoring;

/// <summary><c>dotnet pipeline serve</c> started for a test on a free loopback port, with its output kept; killed on dispose if still running.</summary>
internal sealed partial class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public ServeProcess(string workspace, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        Port = MonitoringServer.FreePort();
        _process = PipelineTool.Start(workspace, env, ["serve", "--metrics-host", "127.0.0.1", "--metrics-port", Port.ToString(CultureInfo.InvariantCulture), .. args]);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitFor(() => Get("/healthz") == "ok\n", TimeSpan.FromSeconds(60), "serve did not answer /healthz");
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The value of one series of <c>/metrics</c> (the exact text before the value), 0 when absent.</summary>
    public double Metric(string series)
    {
        var text = Get("/metrics") ?? "";
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    public string? Get(string path)
    {
        try
        {
            return _http.GetStringAsync(new Uri(Url + path)).Result;
        }
        catch (AggregateException)
        {
            return null;
        }
    }

    public int Post(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Url + path)) { Content = new StringContent("") };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return (int)_http.SendAsync(request).Result.StatusCode;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails with serve's output at the deadline.</summary>
    public void WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (_process.HasExited)
            {
                Assert.Fail($"serve exited ({_process.ExitCode}) while waiting for {what}\n{Output}");
            }

            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"no {what} within {timeout.TotalSeconds} s\n{Output}");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>Sends SIGTERM and waits for the exit code.</summary>
    public int Terminate(TimeSpan timeout)
    {
        Assert.Equal(0, Kill(_process.Id, 15));
        Assert.True(_process.WaitForExit(timeout), $"serve did not stop within {timeout.TotalSeconds} s of SIGTERM\n{Output}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        _http.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
