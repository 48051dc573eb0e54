using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Caching;

/// <summary>The local content store and action cache, then each lower tier in order.</summary>
public sealed class StepCache : IStepCache
{
    private readonly ContentStore _store;
    private readonly ActionCache _actions;
    private readonly IReadOnlyList<ICacheTier> _tiers;

    public StepCache(ContentStore store, ActionCache actions, IReadOnlyList<ICacheTier>? tiers = null)
    {
        _store = store;
        _actions = actions;
        _tiers = tiers ?? [];
    }

    public ActionEntry? TryGet(ActionKey key, IReadOnlyCollection<string>? declaredOutputKeys = null) => _actions.TryGet(key, declaredOutputKeys);

    public async Task<ITierHit?> TryFetchAsync(StepDefinition step, ActionKey key, CancellationToken cancellationToken)
    {
        foreach (var tier in _tiers)
        {
            if (await tier.TryFetchAsync(step, key, cancellationToken).ConfigureAwait(false) is { } hit)
            {
                return hit;
            }
        }

        return null;
    }

    public void Put(ActionEntry entry)
    {
        _actions.Put(entry);
        foreach (var tier in _tiers)
        {
            tier.Offer(entry);
        }
    }

    public bool Contains(ContentDigest digest) => _store.Contains(digest);

    public string? TryReadText(ContentDigest digest) => _store.TryReadText(digest);

    public byte[]? TryReadTextBytes(ContentDigest digest) => _store.TryReadTextBytes(digest);

    public ContentDigest PutListing(TreeListing listing) => _store.PutListing(listing);

    public Task FlushAsync() => Task.WhenAll(_tiers.Select(t => t.FlushAsync()));
}
