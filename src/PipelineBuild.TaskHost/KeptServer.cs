using System.Collections;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace PipelineBuild.TaskHost;

/// <summary>
/// <c>serve --listen &lt;socket&gt; --idle &lt;seconds&gt;</c>: a host kept warm across runs. It listens in the user's
/// private folder and serves one tool at a time (peer checked with SO_PEERCRED). Per connection the tool passes two
/// pipes that become fds 1 and 2 until it closes (then /dev/null again), and requests run as with <c>serve</c>.
/// If the connection closes while a task runs — the tool was killed — the host kills its whole process group at once:
/// a step's processes die with the tool. It is never reused once it may be tainted: after a cancelled task, or when a
/// task left the process changed (current folder, environment, culture, console writers) or left a process running
/// (which it then kills with its whole group as it exits, as a per-run host's end would); nor after its assembly
/// changed or another host took its socket. It exits after <c>--idle</c> seconds without a tool, and sooner once a newer
/// host serves its workspace with other settings (another environment: the one the user runs with now), so that
/// runs whose environment changes each time (a benchmark, a shell after <c>cd</c>) leave one set of hosts, not one each;
/// and once a task's load context outlives its unloading (<see cref="UnloadWatch"/>).
/// </summary>
internal sealed class KeptServer
{
    private static readonly TimeSpan DescriptorWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);
    private readonly string _socketPath;
    private readonly TimeSpan _idle;
    private readonly ProcessSnapshot _start = ProcessSnapshot.Take();
    private readonly string _hostStamp = HostStamp();
    private readonly UnloadWatch _unloaded = new();
    private ulong _socketInode;
    private TextWriter? _out;
    private TextWriter? _error;
    private bool _retired;
    private bool _leftProcesses;

    private KeptServer(string socketPath, TimeSpan idle)
    {
        _socketPath = socketPath;
        _idle = idle;
    }

    public static int Run(string socketPath, string idleSeconds)
    {
        if (!int.TryParse(idleSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            Console.Error.WriteLine($"task host: --idle takes a number of seconds, not '{idleSeconds}'");
            return HostExitCodes.Usage;
        }

        // A session of its own: the group it leads is what it kills when its tool goes, and no terminal's Ctrl-C reaches it.
        _ = HostInterop.NewSession();
        if (!HostInterop.BecomeSubreaper())
        {
            // Without it, a process a task leaves behind could not be told: such a host is not kept.
            Console.Error.WriteLine("task host: cannot become a subreaper (prctl); not kept across runs");
            return HostExitCodes.Usage;
        }

        var server = new KeptServer(socketPath, TimeSpan.FromSeconds(seconds));
        var exitCode = server.Serve();
        if (server._leftProcesses)
        {
            // What a task left running ends with the host, as it ended with a per-run host's group at the end of the run.
            HostInterop.Kill(0, HostInterop.SigKill);
        }

        return exitCode;
    }

    private int Serve()
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        File.Delete(_socketPath);
        listener.Bind(new UnixDomainSocketEndPoint(_socketPath));
        listener.Listen(8);
        _socketInode = InodeOf(_socketPath) ?? 0;
        var idleSince = Environment.TickCount64;
        while (!_retired)
        {
            var wait = TimeSpan.FromMilliseconds(Math.Max(1, Math.Min(CheckEvery.TotalMilliseconds, _idle.TotalMilliseconds - (Environment.TickCount64 - idleSince))));
            if (!listener.Poll(wait, SelectMode.SelectRead))
            {
                if (!StillOurs() || ((Superseded() || Environment.TickCount64 - idleSince >= _idle.TotalMilliseconds) && TryLeave()))
                {
                    return HostExitCodes.Succeeded;
                }

                continue;
            }

            using (var connection = listener.Accept())
            {
                Serve(connection);
            }

            ToDevNull();
            idleSince = Environment.TickCount64;
            if (_unloaded.AnyLeaked())
            {
                // A task's load context still held: what it holds would pile up run after run. Gone at once (a tool
                // connecting meanwhile finds it closed and starts another), with its lock file when no tool holds it.
                _ = TryLeave();
                Unlink();
                return HostExitCodes.Succeeded;
            }
        }

        Unlink();
        return HostExitCodes.Succeeded;
    }

    private void Serve(Socket connection)
    {
        if (HostInterop.PeerUser(connection.Handle) != HostInterop.EffectiveUserId())
        {
            return;
        }

        connection.Blocking = true;
        if (HostInterop.ReceiveDescriptors(connection.Handle, DescriptorWait) is not { } pipes)
        {
            return;
        }

        HostInterop.Duplicate(pipes.First, 1);
        HostInterop.Duplicate(pipes.Second, 2);
        HostInterop.Close(pipes.First);
        HostInterop.Close(pipes.Second);
        UseStandardOutput();
        TaskLoadContext.ForgetResolvers();
        using var stream = new NetworkStream(connection, ownsSocket: false);
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        try
        {
            writer.WriteLine("ready " + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            ServeRequestsAsync(reader, writer).GetAwaiter().GetResult();
        }
        catch (IOException)
        {
            // The tool went while idle: wait for the next.
        }
    }

    private async Task ServeRequestsAsync(StreamReader reader, StreamWriter writer)
    {
        var next = reader.ReadLineAsync();
        while (await next.ConfigureAwait(false) is { } line)
        {
            if (!line.StartsWith("run ", StringComparison.Ordinal))
            {
                await Console.Error.WriteLineAsync($"task host: unknown request '{line}'").ConfigureAwait(false);
                return;
            }

            // The next read is the watch on the tool: if the connection ends while the task runs, the tool is gone.
            next = reader.ReadLineAsync();
            var running = new TaskCompletionSource();
            _ = next.ContinueWith(
                read =>
                {
                    if (!running.Task.IsCompleted && (read.Status != TaskStatus.RanToCompletion || read.Result is null))
                    {
                        HostInterop.Kill(0, HostInterop.SigKill);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            int exitCode;
            try
            {
                exitCode = await TaskExecution.RunAsync(line["run ".Length..], _unloaded).ConfigureAwait(false);
            }
            finally
            {
                running.TrySetResult();
            }

            await TaskServer.EndOutputAsync().ConfigureAwait(false);
            _leftProcesses |= HostInterop.HasChildren();
            _retired |= _leftProcesses || exitCode == HostExitCodes.Cancelled || !ProcessSnapshot.Take().Equals(_start) || Console.Out != _out || Console.Error != _error || HostStamp() != _hostStamp;
            if (_retired)
            {
                // Before the answer: the tool may start the next host in this slot as soon as it reads it.
                Unlink();
            }

            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"done {exitCode}{(_retired ? " retired" : "")}")).ConfigureAwait(false);
            if (_retired)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Idle long enough: leaves unless a tool holds the slot's lock (it is about to connect). The socket and the lock
    /// file go while the lock is held (a tool that opened the file just before checks, once it holds the lock, that
    /// the name still leads to it); the lock itself goes with the process.
    /// </summary>
    private bool TryLeave()
    {
        var lockPath = _socketPath + ".lock";
        var lockFd = HostInterop.TryLock(lockPath);
        if (lockFd < 0)
        {
            return false;
        }

        Unlink();
        if (HostInterop.Inode(lockPath) is { } named && named == HostInterop.InodeOf(lockFd))
        {
            File.Delete(lockPath);
        }

        return true;
    }

    /// <summary>
    /// Whether a host of this workspace with other settings listens on a socket made after this one's: names are
    /// <c>&lt;workspace&gt;-&lt;settings&gt;.&lt;slot&gt;</c> (the tool's <c>KeptHostKey</c>).
    /// </summary>
    private bool Superseded()
    {
        var name = Path.GetFileName(_socketPath);
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        var dot = name.LastIndexOf('.');
        if (dash <= 0 || dot <= dash || Path.GetDirectoryName(_socketPath) is not { } folder)
        {
            return false;
        }

        var workspace = name[..(dash + 1)];
        var settings = name[..dot];
        var ours = File.GetLastWriteTimeUtc(_socketPath);
        try
        {
            foreach (var other in Directory.EnumerateFiles(folder, workspace + "*"))
            {
                var otherName = Path.GetFileName(other);
                if (!otherName.EndsWith(".lock", StringComparison.Ordinal) && !otherName.StartsWith(settings + ".", StringComparison.Ordinal)
                    && File.GetLastWriteTimeUtc(other) > ours)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
            // The folder changed while listed: the next check sees it.
        }

        return false;
    }

    /// <summary>The socket is still this host's and its assembly unchanged; else it only waits for nothing.</summary>
    private bool StillOurs() => InodeOf(_socketPath) == _socketInode && HostStamp() == _hostStamp;

    /// <summary>Removes the socket if it is still ours (a tool that found this host gone may have started another there).</summary>
    private void Unlink()
    {
        if (_socketInode != 0 && InodeOf(_socketPath) == _socketInode)
        {
            File.Delete(_socketPath);
        }

        _socketInode = 0;
    }

    private static ulong? InodeOf(string path) => HostInterop.Inode(path);

    private static string HostStamp()
    {
        var file = new FileInfo(typeof(KeptServer).Assembly.Location);
        return file.Exists ? $"{file.Length} {file.LastWriteTimeUtc.Ticks}" : "missing";
    }

    /// <summary>
    /// Console writers on fds 1 and 2 themselves: .NET's own write to a duplicate of fd 1 made when first used, which
    /// would stay on the first connection's pipe. Made per connection, once fd 1 is a pipe (on /dev/null a stream would
    /// take it for a seekable file).
    /// </summary>
    private void UseStandardOutput()
    {
        Console.SetOut(WriterOn(1));
        Console.SetError(WriterOn(2));
        _out = Console.Out;
        _error = Console.Error;
    }

    private static StreamWriter WriterOn(int fd) =>
        new(new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: false), FileAccess.Write, bufferSize: 0), new UTF8Encoding(false))
        {
            AutoFlush = true,
        };

    private static void ToDevNull()
    {
        using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write);
        HostInterop.Duplicate((int)devNull.DangerousGetHandle(), 1);
        HostInterop.Duplicate((int)devNull.DangerousGetHandle(), 2);
    }

    /// <summary>What a task must leave as it found it for the host to serve another.</summary>
    private sealed record ProcessSnapshot(string Folder, string Environment, string Culture)
    {
        public static ProcessSnapshot Take()
        {
            var variables = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            {
                variables[(string)entry.Key] = (string?)entry.Value ?? "";
            }

            var environment = new StringBuilder();
            foreach (var (name, value) in variables)
            {
                environment.Append(name).Append('=').Append(value).Append('\0');
            }

            var culture = string.Join(
                "|",
                CultureInfo.CurrentCulture.Name,
                CultureInfo.CurrentUICulture.Name,
                CultureInfo.DefaultThreadCurrentCulture?.Name ?? "-",
                CultureInfo.DefaultThreadCurrentUICulture?.Name ?? "-");
            return new ProcessSnapshot(Directory.GetCurrentDirectory(), environment.ToString(), culture);
        }
    }
}
