using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Win32.SafeHandles;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Execution.Processes;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.TaskRunner.Kept;

/// <summary>
/// A task host kept warm across runs (<c>PipelineBuild.TaskHost serve --listen</c>), claimed by this run for as long
/// as it holds the slot's lock: slot <c>N</c> of a key is the socket <c>&lt;key&gt;.N</c> and the lock
/// <c>&lt;key&gt;.N.lock</c>. The host listens; this process connects, or starts a host in the slot when none listens.
/// Per connection it passes the host two pipes (SCM_RIGHTS) that the host makes its stdout and stderr, so every byte
/// a task or its children write reaches the step's log, each task's output ended by <see cref="WarmTaskHost.EndOfTask"/>
/// on both. While held, the host's group is in this tool's watcher; and the host itself kills its group when the
/// connection closes during a task, so a step's processes die with the tool even by SIGKILL.
/// </summary>
internal sealed class KeptTaskHost : ITaskHost
{
    /// <summary>How many hosts of one key may serve at once (runs in parallel, <c>--jobs</c>); beyond, a run uses hosts of its own.</summary>
    private const int MaxSlots = 8;
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(3);
    private readonly int _lock;
    private readonly Socket _connection;
    private readonly int _pid;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;
    private volatile StepLog? _log;
    private TaskCompletionSource _outputEnded = NewSignal();
    private TaskCompletionSource _errorEnded = NewSignal();
    private readonly TaskCompletionSource _pipesClosed = NewSignal();
    private int _openPipes = 2;
    private bool _broken;

    private KeptTaskHost(int lockFd, Socket connection, int pid, int outputRead, int errorRead)
    {
        _lock = lockFd;
        _connection = connection;
        _pid = pid;
        var stream = new NetworkStream(connection, ownsSocket: false);
        _reader = new StreamReader(stream, new UTF8Encoding(false));
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        StartReader(outputRead, isError: false);
        StartReader(errorRead, isError: true);
        HeldProcessGroups.Hold(pid);
    }

    /// <summary>The host's process id (tests).</summary>
    public int ProcessId => _pid;

    /// <summary>False once a step was cancelled in it, it retired (a tainted process), or the connection broke.</summary>
    public bool IsUsable => !_broken;

    /// <summary>
    /// Claims a free slot of <paramref name="key"/> in <paramref name="folder"/> and connects to its host, starting one
    /// there if none listens; null when every slot is taken. Throws <see cref="IOException"/> when a host cannot start.
    /// </summary>
    public static async Task<KeptTaskHost?> ClaimAsync(
        string folder, string key, DotNetHost host, string workspace, IReadOnlyDictionary<string, string> additions, TimeSpan idle, CancellationToken cancellationToken)
    {
        for (var slot = 0; slot < MaxSlots; slot++)
        {
            var lockPath = Path.Combine(folder, $"{key}.{slot}.lock");
            var lockFd = KeptHostInterop.OpenLockFile(lockPath);
            if (lockFd < 0)
            {
                return null;
            }

            if (!KeptHostInterop.TryLock(lockFd))
            {
                KeptHostInterop.Close(lockFd);
                continue;
            }

            if (!KeptHostInterop.IsStillAt(lockFd, lockPath))
            {
                // The slot's host left and deleted this lock file between our open and our lock: the same slot again.
                KeptHostInterop.Close(lockFd);
                slot--;
                continue;
            }

            try
            {
                var socketPath = Path.Combine(folder, $"{key}.{slot}");
                return await ConnectAsync(lockFd, socketPath).ConfigureAwait(false)
                    ?? await StartAsync(lockFd, socketPath, host, workspace, additions, idle, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                KeptHostInterop.Close(lockFd);
                throw;
            }
        }

        return null;
    }

    /// <summary>Runs the request in the host, its output into <paramref name="log"/>; the task's exit code.</summary>
    public async Task<int> RunAsync(string requestPath, StepLog log, CancellationToken cancellationToken)
    {
        _outputEnded = NewSignal();
        _errorEnded = NewSignal();
        if (_pipesClosed.Task.IsCompleted)
        {
            _outputEnded.TrySetResult();
            _errorEnded.TrySetResult();
        }

        _log = log;
        try
        {
            await _writer.WriteLineAsync("run " + requestPath).ConfigureAwait(false);
            var answer = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (ParseAnswer(answer) is not { } done)
            {
                _broken = true;
                return 1;
            }

            _broken |= done.Retired;
            await Task.WhenAll(_outputEnded.Task, _errorEnded.Task).ConfigureAwait(false);
            return done.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _broken = true;
            await StopTaskAsync().ConfigureAwait(false);
            throw;
        }
        catch (IOException)
        {
            _broken = true;
            return 1;
        }
        finally
        {
            _log = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Closed, the connection puts the host back to waiting (its stdout and stderr on /dev/null again, so the pipes
        // end here); a host that was running a task kills its group. The slot is free once the lock goes.
        _connection.Dispose();
        await _pipesClosed.Task.WaitAsync(GracePeriod, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        HeldProcessGroups.Forget(_pid);
        _reader.Dispose();
        KeptHostInterop.Close(_lock);
    }

    /// <summary>
    /// Cancelled: SIGTERM cancels the task's token in the host, which then retires; if it is still there after the grace
    /// period, closing the connection makes it kill its group. (The cancelled read may still hold the stream: no second read.)
    /// </summary>
    private async Task StopTaskAsync()
    {
        KeptHostInterop.Kill(_pid, SigTerm);
        var clock = Stopwatch.StartNew();
        while (KeptHostInterop.Kill(_pid, 0) == 0 && clock.Elapsed < GracePeriod)
        {
            await Task.Delay(20, CancellationToken.None).ConfigureAwait(false);
        }

        _connection.Dispose();
    }

    private static (int ExitCode, bool Retired)? ParseAnswer(string? answer)
    {
        var fields = answer?.Split(' ');
        return fields is ["done", var code, .. var rest] && int.TryParse(code, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exitCode)
            ? (exitCode, rest is ["retired"])
            : null;
    }

    /// <summary>Connects to the host listening at <paramref name="socketPath"/>; null when none does (none started, or it ended).</summary>
    private static async Task<KeptTaskHost?> ConnectAsync(int lockFd, string socketPath)
    {
        if (!File.Exists(socketPath))
        {
            return null;
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        int outputRead = -1, errorRead = -1;
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath)).ConfigureAwait(false);
            // The folder is ours alone (0700); a socket there is still served by our own user only, or not used.
            if (!PrivateSocketFolder.IsOurs(socket.Handle, out var pid))
            {
                throw new SocketException();
            }

            var (outRead, outWrite) = KeptHostInterop.OpenPipe();
            outputRead = outRead;
            var (errRead, errWrite) = KeptHostInterop.OpenPipe();
            errorRead = errRead;
            try
            {
                KeptHostInterop.SendDescriptors(socket.Handle, outWrite, errWrite);
            }
            finally
            {
                // The host has its copies; ours must go, or the pipes never end.
                KeptHostInterop.Close(outWrite);
                KeptHostInterop.Close(errWrite);
            }

            // The host answers once it made them its stdout and stderr; a host that retired meanwhile closes instead.
            using var greeting = new CancellationTokenSource(StartWait);
            var ready = await ReadLineAsync(socket, greeting.Token).ConfigureAwait(false);
            if (!string.Equals(ready, "ready " + pid.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
            {
                throw new SocketException();
            }

            return new KeptTaskHost(lockFd, socket, pid, outputRead, errorRead);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            socket.Dispose();
            CloseIfOpen(outputRead);
            CloseIfOpen(errorRead);
            return null;
        }
    }

    /// <summary>Starts a host listening at <paramref name="socketPath"/> (its own session, left running) and connects to it.</summary>
    private static async Task<KeptTaskHost> StartAsync(
        int lockFd, string socketPath, DotNetHost host, string workspace, IReadOnlyDictionary<string, string> additions, TimeSpan idle, CancellationToken cancellationToken)
    {
        // A socket left by a host that is gone (we hold the slot's lock: no host is starting there now).
        File.Delete(socketPath);
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = workspace };
        // stdin, stdout and stderr on /dev/null from the first instruction: a host must hold none of this run's.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$0\" \"$@\" </dev/null >/dev/null 2>&1");
        info.ArgumentList.Add(host.DotNet);
        info.ArgumentList.Add(host.TaskHostPath);
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add("--listen");
        info.ArgumentList.Add(socketPath);
        info.ArgumentList.Add("--idle");
        info.ArgumentList.Add(((int)idle.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in additions)
        {
            info.Environment[name] = value;
        }

        using var process = StartProcess(info);
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(2);
        while (clock.Elapsed < StartWait)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await ConnectAsync(lockFd, socketPath).ConfigureAwait(false) is { } connected)
            {
                return connected;
            }

            if (process.HasExited)
            {
                throw new IOException($"the task host ended with exit code {process.ExitCode} before it was ready");
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 50));
        }

        KeptHostInterop.Kill(process.Id, SigKill);
        throw new IOException($"the task host did not listen within {StartWait.TotalSeconds:0} s");
    }

    private static Process StartProcess(ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info) ?? throw new IOException("the task host did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException(e.Message, e);
        }
    }

    /// <summary>One line from the socket, read byte by byte: nothing past it may be taken from the stream the host answers on next.</summary>
    private static async Task<string?> ReadLineAsync(Socket socket, CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (line.Count < 256)
        {
            if (await socket.ReceiveAsync(one, SocketFlags.None, cancellationToken).ConfigureAwait(false) == 0)
            {
                return null;
            }

            if (one[0] == (byte)'\n')
            {
                return Encoding.ASCII.GetString(line.ToArray());
            }

            line.Add(one[0]);
        }

        return null;
    }

    private static void CloseIfOpen(int fd)
    {
        if (fd >= 0)
        {
            KeptHostInterop.Close(fd);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A thread per pipe (blocking reads: pool threads would starve the run's own work), each line to the step's log.</summary>
    private void StartReader(int fd, bool isError) =>
        new Thread(() => ReadPipe(fd, isError)) { IsBackground = true, Name = isError ? "task host stderr" : "task host stdout" }.Start();

    private void ReadPipe(int fd, bool isError)
    {
        try
        {
            using var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, bufferSize: 0);
            using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 16384);
            while (reader.ReadLine() is { } line)
            {
                if (string.Equals(line, WarmTaskHost.EndOfTask, StringComparison.Ordinal))
                {
                    (isError ? _errorEnded : _outputEnded).TrySetResult();
                    continue;
                }

                _log?.Write(line, isError);
            }
        }
        catch (IOException)
        {
            // The pipe broke: the host is gone; the answer on the socket tells the step.
        }
        finally
        {
            (isError ? _errorEnded : _outputEnded).TrySetResult();
            if (Interlocked.Decrement(ref _openPipes) == 0)
            {
                _pipesClosed.TrySetResult();
            }
        }
    }
}
