namespace PipelineBuild.Core.Workspace.Watching;

/// <summary>
/// Stops this user's change journals (<c>dotnet pipeline shutdown</c>): each listens on a <c>&lt;key&gt;.j</c> socket of
/// the private folder, and is stopped as <see cref="PrivateSocketFolder.StopListener"/> stops a process. A
/// run asking a journal as it goes gets no answer and stats as without one, and the next run's token belongs to no
/// journal: nothing is trusted that the journal did not see. Its socket is left for the next journal, which replaces
/// it (a journal starting meanwhile may already listen at that name).
/// </summary>
public static class JournalShutdown
{
    /// <param name="runtimeFolder"><c>XDG_RUNTIME_DIR</c>, as the runs that started the journals had it.</param>
    /// <returns>How many journals were stopped.</returns>
    public static int StopAll(string? runtimeFolder)
    {
        if (PrivateSocketFolder.Existing(runtimeFolder) is not { } folder)
        {
            return 0;
        }

        var stopped = 0;
        foreach (var socketPath in Directory.GetFiles(folder, "*.j"))
        {
            if (PrivateSocketFolder.StopListener(socketPath))
            {
                stopped++;
            }
        }

        return stopped;
    }
}
