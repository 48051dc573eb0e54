using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Workspace;

/// <summary>
/// One run at a time per workspace: an exclusive lock on <c>.pipeline/lock</c> (flock on Unix), which
/// the OS releases when the process dies, even by <c>kill -9</c>. A second run waits, or fails at once.
/// </summary>
public sealed class WorkspaceLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly FileStream _stream;

    private WorkspaceLock(FileStream stream)
    {
        _stream = stream;
    }

    public static async Task<WorkspaceLock> AcquireAsync(WorkspaceLayout layout, bool wait, Action<string> notify, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(layout.StateFolder);
        var told = false;
        while (true)
        {
            if (TryOpen(layout.LockPath) is { } stream)
            {
                // The locked file cannot be read by others (flock), so the holder's pid lives beside it.
                AtomicFile.WriteAllText(layout.LockPath + ".owner", $"{Environment.ProcessId}\n");
                return new WorkspaceLock(stream);
            }

            var holder = ReadHolder(layout.LockPath + ".owner");
            if (!wait)
            {
                throw new PipelineException(PipelineDiagnostic.Error(
                    ToolCodes.WorkspaceBusy,
                    SourceLocation.None(layout.Root),
                    $"another run (pid {holder}) is using this workspace",
                    "wait for it to finish, or run without --no-wait to queue behind it"));
            }

            if (!told)
            {
                notify($"waiting for another run (pid {holder}) on this workspace to finish…");
                told = true;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stream.Dispose();

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string ReadHolder(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim() is { Length: > 0 } pid ? pid : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
