using System.Diagnostics;
using System.Net.Sockets;

namespace PipelineBuild.TaskRunner.Kept;

/// <summary>How many kept hosts were stopped, and how many were left because a run was using them.</summary>
public sealed record KeptHostShutdownResult(int Stopped, int InUse);

/// <summary>
/// Stops this user's kept task hosts that no run is using (<c>dotnet pipeline shutdown</c>). Per socket of the private
/// folder the slot's lock is taken as a run takes it, so a host a run holds is left alone; the host's process id comes
/// from the connection's peer credentials (a process of this user only), never from a file; it is sent SIGTERM, and
/// SIGKILL if still there after <see cref="GracePeriod"/> (an idle host runs nothing). Its socket and lock file go
/// while the lock is held, as when a host leaves on its own.
/// </summary>
public static class KeptHostShutdown
{
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ConnectWait = TimeSpan.FromSeconds(2);

    /// <param name="runtimeFolder"><c>XDG_RUNTIME_DIR</c>, as the runs that started the hosts had it.</param>
    public static KeptHostShutdownResult StopIdle(string? runtimeFolder)
    {
        if (KeptHostFolder.Existing(runtimeFolder) is not { } folder)
        {
            return new(0, 0);
        }

        int stopped = 0, inUse = 0;
        foreach (var socketPath in Directory.GetFiles(folder).Where(path => !path.EndsWith(".lock", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var lockPath = socketPath + ".lock";
            var lockFd = KeptHostInterop.OpenLockFile(lockPath);
            if (lockFd < 0)
            {
                continue;
            }

            try
            {
                if (!KeptHostInterop.TryLock(lockFd))
                {
                    inUse++;
                    continue;
                }

                if (!KeptHostInterop.IsStillAt(lockFd, lockPath))
                {
                    continue; // its host left meanwhile, taking the file with it
                }

                if (HostProcessOf(socketPath) is { } pid && Stop(pid))
                {
                    stopped++;
                }

                File.Delete(socketPath);
                File.Delete(lockPath);
            }
            finally
            {
                KeptHostInterop.Close(lockFd);
            }
        }

        return new(stopped, inUse);
    }

    /// <summary>The process listening at the socket, when it is this user's; null for a socket nobody serves.</summary>
    private static int? HostProcessOf(string socketPath)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            var connecting = socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
            if (!connecting.Wait(ConnectWait))
            {
                return null;
            }
        }
        catch (AggregateException e) when (e.InnerException is SocketException)
        {
            return null;
        }

        return KeptHostInterop.TryPeer(socket.Handle, out var pid, out var uid) && uid == KeptHostInterop.EffectiveUserId() && pid > 1 ? pid : null;
    }

    private static bool Stop(int pid)
    {
        KeptHostInterop.Kill(pid, SigTerm);
        var clock = Stopwatch.StartNew();
        while (IsRunning(pid))
        {
            if (clock.Elapsed > GracePeriod)
            {
                KeptHostInterop.Kill(pid, SigKill);
                return true;
            }

            Thread.Sleep(20);
        }

        return true;
    }

    /// <summary>Alive and not a zombie waiting for its parent.</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat.LastIndexOf(')') is var end and > 0 && end + 2 < stat.Length ? stat[end + 2] : 'Z';
            return state != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
