using System.Runtime.Loader;

namespace PipelineBuild.TaskHost;

/// <summary>
/// The tasks' load contexts a kept host unloaded, watched until the garbage collector has taken them. A context
/// something still holds (a handler a task left on a static event, a thread it started) keeps the task's assemblies
/// and everything they reach in memory; a host that keeps collecting those across runs must not be kept.
/// </summary>
internal sealed class UnloadWatch
{
    // A context alive after this many checks, each at the end of a tool's connection, is held by something.
    private const int ChecksBeforeLeaked = 2;

    private readonly List<(WeakReference Context, int Checks)> _unloading = [];

    public void Add(AssemblyLoadContext context) => _unloading.Add((new WeakReference(context), 0));

    /// <summary>Collects, then whether a context outlived <see cref="ChecksBeforeLeaked"/> checks. Blocking: call it while idle.</summary>
    public bool AnyLeaked()
    {
        if (_unloading.Count == 0)
        {
            return false;
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _unloading.RemoveAll(entry => !entry.Context.IsAlive);
        for (var i = 0; i < _unloading.Count; i++)
        {
            _unloading[i] = (_unloading[i].Context, _unloading[i].Checks + 1);
        }

        return _unloading.Exists(entry => entry.Checks >= ChecksBeforeLeaked);
    }
}
