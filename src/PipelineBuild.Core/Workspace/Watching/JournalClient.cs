using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace PipelineBuild.Core.Workspace.Watching;

/// <summary>
/// A run's way to the change journal of its workspace: connects to the socket <c>&lt;key&gt;.j</c> in the private
/// folder (<see cref="PrivateSocketFolder"/>), the peer checked to be this user's, or starts the journal there (its
/// command given as arguments, never through a shell's parsing) and connects once it listens. Any failure: null, and
/// the run stats as without a journal.
/// </summary>
public sealed class JournalClient : IChangeJournal
{
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(10);
    private readonly string _socketPath;
    private readonly IReadOnlyList<string> _command;
    private readonly string _workspace;
    private readonly TimeSpan _idle;

    /// <param name="command">The journal's program and its first arguments (the tool itself, or <c>dotnet</c> and its assembly).</param>
    public JournalClient(string socketFolder, string workspace, IReadOnlyList<string> command, TimeSpan idle)
    {
        _workspace = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspace));
        _command = command;
        _idle = idle;
        _socketPath = Path.Combine(socketFolder, KeyOf(_workspace, command) + ".j");
    }

    /// <summary>
    /// The socket's name: 16 hex digits of the workspace's SHA-256, then 32 of the SHA-256 over the protocol, the
    /// workspace and the journal's program files (path, size, modification time: a rebuilt tool is another journal).
    /// </summary>
    public static string KeyOf(string workspace, IReadOnlyList<string> command)
    {
        var text = new StringBuilder("pipelinebuild-fs-journal 1\n").Append(workspace.Length).Append(':').Append(workspace).Append('\n');
        foreach (var part in command)
        {
            var info = new FileInfo(part);
            text.Append(part.Length).Append(':').Append(part).Append(' ')
                .Append(info.Exists ? $"{info.Length} {info.LastWriteTimeUtc.Ticks}" : "-").Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(workspace)))[..16] + "-"
            + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    public JournalAnswer? Ask(Guid instance, long since, IReadOnlyList<string> roots)
    {
        if (TryAsk(instance, since, roots) is { } answer)
        {
            return answer;
        }

        if (!Start())
        {
            return null;
        }

        var clock = Stopwatch.StartNew();
        var delay = 2;
        while (clock.Elapsed < StartWait)
        {
            Thread.Sleep(delay);
            if (TryAsk(instance, since, roots) is { } started)
            {
                return started;
            }

            delay = Math.Min(delay * 2, 50);
        }

        return null;
    }

    private JournalAnswer? TryAsk(Guid instance, long since, IReadOnlyList<string> roots)
    {
        if (!File.Exists(_socketPath))
        {
            return null;
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(_socketPath));
            if (!PrivateSocketFolder.IsOurs(socket.Handle, out _))
            {
                return null;
            }

            socket.ReceiveTimeout = (int)AnswerWait.TotalMilliseconds;
            socket.SendTimeout = (int)AnswerWait.TotalMilliseconds;
            using var stream = new NetworkStream(socket, ownsSocket: false);
            JournalProtocol.WriteQuestion(stream, instance, since, roots);
            return JournalProtocol.ReadAnswer(stream);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return null;
        }
    }

    /// <summary>Starts the journal, left running in its own session, its stdin, stdout and stderr on /dev/null.</summary>
    private bool Start()
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = _workspace };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$0\" \"$@\" </dev/null >/dev/null 2>&1");
        foreach (var part in _command)
        {
            info.ArgumentList.Add(part);
        }

        info.ArgumentList.Add("fs-journal");
        info.ArgumentList.Add("--listen");
        info.ArgumentList.Add(_socketPath);
        info.ArgumentList.Add("--workspace");
        info.ArgumentList.Add(_workspace);
        info.ArgumentList.Add("--idle");
        info.ArgumentList.Add(((int)_idle.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        try
        {
            using var process = Process.Start(info);
            return process is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
