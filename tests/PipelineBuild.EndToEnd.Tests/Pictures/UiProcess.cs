using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PipelineBuild.EndToEnd.Tests.Pictures;

/// <summary><c>dotnet pipeline ui</c> started for a test on a free port, its output kept; killed on dispose.</summary>
internal sealed class UiProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public UiProcess(string workspace, string host, IReadOnlyDictionary<string, string>? env = null)
    {
        Port = LocalServer.FreePort();
        _process = PipelineTool.Start(workspace, env, ["ui", "--host", host, "--port", Port.ToString(CultureInfo.InvariantCulture)]);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!Output.Contains("ui: http://", StringComparison.Ordinal))
        {
            Assert.False(_process.HasExited, $"ui exited ({(_process.HasExited ? _process.ExitCode : 0)})\n{Output}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"ui did not start\n{Output}");
            Thread.Sleep(50);
        }
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/";

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

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
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
}
