using System.Collections.Concurrent;
using PipelineBuild.Core.Execution;

namespace PipelineBuild.TaskRunner;

/// <summary>
/// The task hosts of one kind that a run holds: the idle ones a step may take, and all of them, disposed when the run
/// ends. After a task a host goes back to the idle ones if it stays usable, else it is disposed at once.
/// </summary>
internal sealed class TaskHostPool<THost> : IAsyncDisposable
    where THost : class, ITaskHost
{
    private readonly ConcurrentBag<THost> _idle = [];
    private readonly ConcurrentDictionary<THost, THost> _all = new();

    /// <summary>An idle host, or null when every host is busy.</summary>
    public THost? TakeIdle() => _idle.TryTake(out var host) ? host : null;

    /// <summary>Holds a new host until it breaks or the run ends.</summary>
    public void Add(THost host) => _all[host] = host;

    /// <summary>Runs the request in <paramref name="host"/> (one this pool holds), then returns the host to the idle ones or disposes it.</summary>
    public async Task<int> RunAsync(THost host, string requestPath, StepLog log, CancellationToken cancellationToken)
    {
        try
        {
            return await host.RunAsync(requestPath, log, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (host.IsUsable)
            {
                _idle.Add(host);
            }
            else if (_all.TryRemove(host, out _))
            {
                await host.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _all.Values)
        {
            await host.DisposeAsync().ConfigureAwait(false);
        }

        _all.Clear();
    }
}
