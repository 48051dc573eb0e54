using PipelineBuild.Core.Workspace;

namespace PipelineBuild.TaskRunner.Kept;

/// <summary>How many kept hosts were stopped, and how many were left because a run was using them.</summary>
public sealed record KeptHostShutdownResult(int Stopped, int InUse);

/// <summary>
/// Stops this user's kept task hosts that no run is using (<c>dotnet pipeline shutdown</c>). Per socket of the private
/// folder the slot's lock is taken as a run takes it, so a host a run holds is left alone; the host is stopped as
/// <see cref="PrivateSocketFolder.StopListener"/> stops a process (an idle host runs nothing). Its socket and lock file go
/// while the lock is held, as when a host leaves on its own.
/// </summary>
public static class KeptHostShutdown
{
    /// <param name="runtimeFolder"><c>XDG_RUNTIME_DIR</c>, as the runs that started the hosts had it.</param>
    public static KeptHostShutdownResult StopIdle(string? runtimeFolder)
    {
        if (PrivateSocketFolder.Existing(runtimeFolder) is not { } folder)
        {
            return new(0, 0);
        }

        int stopped = 0, inUse = 0;
        foreach (var socketPath in Directory.GetFiles(folder).Where(IsHostSocket).Order(StringComparer.Ordinal))
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

                if (PrivateSocketFolder.StopListener(socketPath))
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

    /// <summary><c>&lt;key&gt;.&lt;slot&gt;</c>: a task host's socket (not its lock file, not a change journal's <c>.j</c>).</summary>
    private static bool IsHostSocket(string path) => Path.GetExtension(path) is [_, .. var slot] && slot.All(char.IsAsciiDigit) && slot.Length > 0;
}
