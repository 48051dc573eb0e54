using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PipelineBuild.Core.Workspace.Watching;

/// <summary>
/// The change journal process of one workspace (<c>fs-journal --listen</c>): its own session, a lock held for its life
/// (a second one started meanwhile leaves at once), a <see cref="ChangeJournal"/> drained on its own thread whenever
/// events come (so the kernel's queue does not overflow while nobody asks), and a socket in the private folder that
/// answers this user's processes only, one question at a time. Leaves when idle for the given time.
/// </summary>
public static partial class JournalServer
{
    private static readonly TimeSpan ConnectionTimeout = TimeSpan.FromSeconds(5);

    public static int Serve(string socketPath, string workspace, TimeSpan idle)
    {
        _ = SetSid();
        using var held = TryHold(socketPath + ".lock");
        if (held is null)
        {
            return 0;
        }

        // We hold the lock: a socket there is a leftover of a journal that is gone.
        File.Delete(socketPath);
        using var journal = new ChangeJournal(workspace);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(16);
        var gate = new Lock();
        new Thread(() => DrainWhenReady(journal, gate)) { IsBackground = true, Name = "change journal" }.Start();
        var idleFor = Stopwatch.StartNew();
        while (idleFor.Elapsed < idle)
        {
            if (!listener.Poll(TimeSpan.FromSeconds(1), SelectMode.SelectRead))
            {
                continue;
            }

            using var connection = listener.Accept();
            if (PrivateSocketFolder.IsOurs(connection.Handle, out _))
            {
                Answer(connection, journal, gate);
            }

            idleFor.Restart();
        }

        File.Delete(socketPath);
        return 0;
    }

    private static void Answer(Socket connection, ChangeJournal journal, Lock gate)
    {
        connection.ReceiveTimeout = (int)ConnectionTimeout.TotalMilliseconds;
        connection.SendTimeout = (int)ConnectionTimeout.TotalMilliseconds;
        try
        {
            using var stream = new NetworkStream(connection, ownsSocket: false);
            while (JournalProtocol.ReadQuestion(stream) is var (instance, since, roots))
            {
                JournalAnswer answer;
                lock (gate)
                {
                    answer = journal.ChangesSince(instance, since, roots);
                }

                JournalProtocol.WriteAnswer(stream, answer);
            }
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // The tool went away mid-question: the next one asks again.
        }
    }

    private static void DrainWhenReady(ChangeJournal journal, Lock gate)
    {
        while (true)
        {
            if (InotifyInterop.WaitReadable(journal.Descriptor, 1000))
            {
                lock (gate)
                {
                    journal.Drain();
                }
            }
        }
    }

    /// <summary>The lock file opened and locked (.NET takes <c>flock</c> for <see cref="FileShare.None"/>), or null when another holds it.</summary>
    private static FileStream? TryHold(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            return new FileStream(path, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
        }
        catch (IOException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "setsid")]
    private static partial int SetSid();
}
