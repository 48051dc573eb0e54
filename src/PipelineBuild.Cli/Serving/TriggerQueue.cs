namespace PipelineBuild.Cli.Serving;

/// <summary>
/// Where triggers meet the one run loop: at most one pending request. Triggers that arrive while a run
/// is busy (or while one is already pending) merge into that single follow-up, so a pipeline never runs
/// twice at once and a burst of triggers costs one extra run, not one each.
/// </summary>
internal sealed class TriggerQueue : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly Dictionary<TriggerKind, long> _counts = [];
    private RunRequest? _pending;

    public void Request(TriggerKind kind, RunRequest request)
    {
        lock (_gate)
        {
            _pending = _pending is null ? request : _pending.Merge(request);
            _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
    }

    /// <summary>Waits for the next request and takes it.</summary>
    public async Task<RunRequest> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (_pending is { } request)
                {
                    _pending = null;
                    return request;
                }
            }
        }
    }

    /// <summary>Triggers received so far, by kind.</summary>
    public IReadOnlyDictionary<TriggerKind, long> Counts()
    {
        lock (_gate)
        {
            return new Dictionary<TriggerKind, long>(_counts);
        }
    }

    public void Dispose() => _signal.Dispose();
}
