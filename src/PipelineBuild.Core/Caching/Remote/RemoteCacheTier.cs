using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Caching.Remote;

/// <summary>The remote cache as a tier below the local one: after a local miss, hits whose files the restore downloads verified; uploads in the background.</summary>
public sealed class RemoteCacheTier : ICacheTier
{
    private readonly RemoteEntryFetcher _fetcher;
    private readonly RemoteEntryUploader _uploader;

    public RemoteCacheTier(RemoteCacheSession session, ContentStore store, ActionCache actions)
    {
        _fetcher = new RemoteEntryFetcher(session, store, actions);
        _uploader = new RemoteEntryUploader(session, store);
    }

    public Task<ITierHit?> TryFetchAsync(StepDefinition step, ActionKey key, CancellationToken cancellationToken) =>
        _fetcher.TryFetchAsync(step, key, cancellationToken);

    public void Offer(ActionEntry entry) => _uploader.Enqueue(entry);

    public Task FlushAsync() => _uploader.WaitAsync();
}
