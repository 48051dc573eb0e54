namespace PipelineBuild.Core.Runs;

/// <summary>
/// <c>runs.db</c> opened on another thread while the run plans and executes, so that recording the run does not wait for
/// SQLite to load, open the file and check its schema (about half a millisecond of a no-op's main thread). Started only
/// when the store already exists: a run that records nothing (it throws first) creates no store it did not create before.
/// <see cref="Take"/> falls back to <see cref="RunStore.Open"/> on the caller's thread when the opening failed or was for
/// another path, so an error is the one <see cref="RunStore.Open"/> gives there. Disposing closes a store never taken.
/// </summary>
public sealed class RunStoreOpening : IDisposable
{
    private readonly string _path;
    private readonly Task<RunStore>? _opening;
    private bool _taken;

    private RunStoreOpening(string path, Task<RunStore>? opening)
    {
        _path = path;
        _opening = opening;
    }

    /// <summary>Starts opening the store at <paramref name="path"/> when the file exists; otherwise nothing is done ahead.</summary>
    public static RunStoreOpening Start(string path)
    {
        var full = Path.GetFullPath(path);
        return new RunStoreOpening(full, File.Exists(full) ? Task.Run(() => RunStore.Open(full)) : null);
    }

    /// <summary>The store at <paramref name="path"/>, opened: the one opened ahead when it is for this path and opened, else opened now.</summary>
    /// <exception cref="Diagnostics.PipelineException">The store cannot be opened (as <see cref="RunStore.Open"/>).</exception>
    public RunStore Take(string path)
    {
        if (!_taken && _opening is not null && string.Equals(Path.GetFullPath(path), _path, StringComparison.Ordinal))
        {
            _taken = true;
            if (OpenedAhead() is { } store)
            {
                return store;
            }
        }

        return RunStore.Open(path);
    }

    public void Dispose()
    {
        if (!_taken && _opening is not null)
        {
            _taken = true;
            OpenedAhead()?.Dispose();
        }
    }

    private RunStore? OpenedAhead()
    {
        try
        {
            return _opening!.GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            // Opened again on the caller's thread, which reports the error if it is still there.
            return null;
        }
    }
}
