using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using Polly;
using Polly.Retry;

namespace PipelineBuild.Core.Caching.Remote;

/// <summary>
/// One run's use of the remote: every request goes through here, is retried (Polly) and, when it
/// still fails, makes the remote unavailable for the rest of the run with one warning. Counts hits and bytes.
/// </summary>
public sealed class RemoteCacheSession
{
    private readonly ResiliencePipeline _resilience;
    private readonly Action<string> _warn;
    private string? _unavailable;
    private int _hits;
    private int _misses;
    private long _bytesDownloaded;
    private int _entriesUploaded;
    private long _bytesUploaded;

    public RemoteCacheSession(RemoteCacheOptions options, Action<string> warn)
    {
        Options = options;
        _warn = warn;
        Transfers = new SemaphoreSlim(options.Parallelism);
        _resilience = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RemoteStoreException>(),
                MaxRetryAttempts = Math.Max(1, options.Retries),
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
            })
            .Build();
    }

    public RemoteCacheOptions Options { get; }

    public IRemoteStore Store => Options.Store;

    /// <summary>Bounds the object transfers in flight.</summary>
    public SemaphoreSlim Transfers { get; }

    public bool IsAvailable => Volatile.Read(ref _unavailable) is null;

    /// <summary>Runs a request with retries; false (and the remote marked unavailable) when it still fails.</summary>
    public async Task<(bool Ok, T Value)> TryAsync<T>(Func<CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        if (!IsAvailable)
        {
            return (false, default!);
        }

        try
        {
            var value = await _resilience.ExecuteAsync(async token => await request(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return (true, value);
        }
        catch (RemoteStoreException e)
        {
            MarkUnavailable(e.Message);
            return (false, default!);
        }
    }

    /// <summary>Makes the remote unavailable for the rest of the run; the first time, with a warning.</summary>
    public void MarkUnavailable(string reason)
    {
        if (Interlocked.CompareExchange(ref _unavailable, reason, null) is null)
        {
            _warn($"warning {RemoteCacheCodes.Unavailable}: the remote cache {Store.DisplayUrl} is unavailable ({reason}); the run goes on with the local cache");
        }
    }

    public void Warn(string message) => _warn(message);

    public void CountHit(long bytes)
    {
        Interlocked.Increment(ref _hits);
        Interlocked.Add(ref _bytesDownloaded, bytes);
    }

    public void CountMiss(long bytes)
    {
        Interlocked.Increment(ref _misses);
        Interlocked.Add(ref _bytesDownloaded, bytes);
    }

    public void CountUpload(long bytes) => Interlocked.Add(ref _bytesUploaded, bytes);

    public void CountEntryUploaded() => Interlocked.Increment(ref _entriesUploaded);

    public RemoteCacheSummary Summary() => new(
        Store.DisplayUrl, Options.Mode, _hits, _misses, Interlocked.Read(ref _bytesDownloaded), _entriesUploaded, Interlocked.Read(ref _bytesUploaded), _unavailable);
}
