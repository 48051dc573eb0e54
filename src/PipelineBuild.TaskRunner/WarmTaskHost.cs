using System.Net.Sockets;
using System.Text;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Execution.Processes;

namespace PipelineBuild.TaskRunner;

/// <summary>
/// One task host process kept warm for the task steps of a run (<c>PipelineBuild.TaskHost serve</c>): it runs
/// one step at a time, and its output lines go to that step's log until the host marks the task's end on
/// both streams. It starts like every step process (own session, supervised, recorded for a later run to stop),
/// and it is thrown away — never reused — once a step was cancelled in it or it died.
/// </summary>
internal sealed class WarmTaskHost : ITaskHost
{
    /// <summary>The host's line ending one task's output (<c>TaskServer.EndOfTask</c> in the task host).</summary>
    public const string EndOfTask = "\u001fpipelinebuild:end-of-task";

    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(5);
    private readonly DirectoryInfo _folder;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private Task<int> _process = Task.FromResult(0);
    private Socket? _connection;
    private StreamReader? _reader;
    private StreamWriter? _writer;
    private volatile StepLog? _log;
    private TaskCompletionSource _outputEnded = NewSignal();
    private TaskCompletionSource _errorEnded = NewSignal();
    private bool _broken;

    private WarmTaskHost(DirectoryInfo folder, Socket listener)
    {
        _folder = folder;
        _listener = listener;
    }

    /// <summary>False once a step was cancelled in it or the process ended: the session starts another.</summary>
    public bool IsUsable => !_broken && !_process.IsCompleted;

    /// <summary>Starts a host and waits until it connects. Throws <see cref="IOException"/> when it cannot start or ends first.</summary>
    public static async Task<WarmTaskHost> StartAsync(DotNetHost host, string workspace, IReadOnlyDictionary<string, string> environment, string recordFolder, ProcessLaunch launch, CancellationToken cancellationToken)
    {
        // A private folder (mode 0700): no other user can reach the socket, and its path stays short (sun_path holds 108 bytes).
        var folder = Directory.CreateTempSubdirectory("pipelinebuild-taskhost-");
        var socketPath = Path.Combine(folder.FullName, "s");
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var warm = new WarmTaskHost(folder, listener);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            listener.Listen(1);
            var spec = new ProcessSpec(host.DotNet, [host.TaskHostPath, "serve", socketPath], workspace, environment) { RecordFolder = recordFolder, Launch = launch };
            warm._process = ProcessRunner.RunAsync(spec, warm.OnLine, warm._stop.Token);
            var accept = listener.AcceptAsync(cancellationToken).AsTask();
            if (await Task.WhenAny(accept, warm._process).ConfigureAwait(false) != accept)
            {
                throw new IOException($"the task host ended with exit code {await warm._process.ConfigureAwait(false)} before it was ready");
            }

            warm._connection = await accept.ConfigureAwait(false);
            var stream = new NetworkStream(warm._connection, ownsSocket: false);
            warm._reader = new StreamReader(stream, new UTF8Encoding(false));
            warm._writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
            return warm;
        }
        catch
        {
            await warm.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs the request in the host, its output into <paramref name="log"/>; the host's exit code for the task.
    /// Cancellation stops the host (SIGTERM, then SIGKILL) and throws, as for a step process of its own.
    /// </summary>
    public async Task<int> RunAsync(string requestPath, StepLog log, CancellationToken cancellationToken)
    {
        _outputEnded = NewSignal();
        _errorEnded = NewSignal();
        _log = log;
        try
        {
            await _writer!.WriteLineAsync("run " + requestPath).ConfigureAwait(false);
            var answer = await _reader!.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (answer is null || !answer.StartsWith("done ", StringComparison.Ordinal) || !int.TryParse(answer.AsSpan(5), out var exitCode))
            {
                _broken = true;
                return await ExitCodeAsync().ConfigureAwait(false);
            }

            // Every line the task wrote is in the log once both streams carried the end mark.
            await Task.WhenAny(Task.WhenAll(_outputEnded.Task, _errorEnded.Task), _process).ConfigureAwait(false);
            return exitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _broken = true;
            await StopAsync().ConfigureAwait(false);
            throw;
        }
        catch (IOException)
        {
            _broken = true;
            return await ExitCodeAsync().ConfigureAwait(false);
        }
        finally
        {
            _log = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Closing the socket ends the host's loop; a host that does not end in time is stopped.
        _connection?.Dispose();
        _listener.Dispose();
        if (await Task.WhenAny(_process, Task.Delay(ExitWait, CancellationToken.None)).ConfigureAwait(false) != _process)
        {
            await StopAsync().ConfigureAwait(false);
        }

        await ExitCodeAsync().ConfigureAwait(false);
        _stop.Dispose();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder: the system cleans it.
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void OnLine(string line, bool isError)
    {
        if (string.Equals(line, EndOfTask, StringComparison.Ordinal))
        {
            (isError ? _errorEnded : _outputEnded).TrySetResult();
            return;
        }

        _log?.Write(line, isError);
    }

    private async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await ExitCodeAsync().ConfigureAwait(false);
    }

    /// <summary>How the host process ended (128 + signal when stopped); waits for it.</summary>
    private async Task<int> ExitCodeAsync()
    {
        try
        {
            return await _process.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return 128 + 15; // SIGTERM
        }
        catch (IOException)
        {
            return 127;
        }
    }
}
