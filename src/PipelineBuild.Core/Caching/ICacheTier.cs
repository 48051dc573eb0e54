using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Caching;

/// <summary>A cache below the local one (a remote cache): asked after a local miss, given what steps produce.</summary>
public interface ICacheTier
{
    /// <summary>The tier's entry of <paramref name="key"/>, verified, with its blobs to restore from; null on a miss.</summary>
    Task<ITierHit?> TryFetchAsync(StepDefinition step, ActionKey key, CancellationToken cancellationToken);

    /// <summary>Starts storing <paramref name="entry"/> (whose blobs are in the local store); never throws.</summary>
    void Offer(ActionEntry entry);

    Task FlushAsync();
}
