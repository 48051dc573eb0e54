using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Caching.Remote;

/// <summary><c>cache push</c> and <c>cache pull</c>: fill the remote from the local cache, or the local cache from the remote.</summary>
public sealed class RemoteCacheSync
{
    private readonly RemoteCacheSession _session;
    private readonly ActionCache _actions;
    private readonly RemoteEntryFetcher _fetcher;
    private readonly RemoteEntryUploader _uploader;

    public RemoteCacheSync(RemoteCacheSession session, ContentStore store, ActionCache actions)
    {
        _session = session;
        _actions = actions;
        _fetcher = new RemoteEntryFetcher(session, store, actions);
        _uploader = new RemoteEntryUploader(session, store);
    }

    /// <summary>Uploads the local entries of <paramref name="keys"/> (blobs first); returns how many went up.</summary>
    public async Task<int> PushAsync(IEnumerable<ActionKey> keys, CancellationToken cancellationToken)
    {
        var pushed = 0;
        foreach (var key in keys.Distinct())
        {
            if (_actions.TryGet(key) is { } entry && await _uploader.UploadAsync(entry, cancellationToken).ConfigureAwait(false))
            {
                pushed++;
            }
        }

        return pushed;
    }

    /// <summary>Fetches the remote entries of the steps (verified) into the local cache; returns how many came down.</summary>
    public async Task<int> PullAsync(IEnumerable<(StepDefinition Step, ActionKey Key)> steps, CancellationToken cancellationToken)
    {
        var pulled = 0;
        foreach (var (step, key) in steps)
        {
            if (_actions.TryGet(key) is not null || await _fetcher.TryPullAsync(step, key, cancellationToken).ConfigureAwait(false) is not null)
            {
                pulled++;
            }

            if (!_session.IsAvailable)
            {
                break;
            }
        }

        return pulled;
    }
}
