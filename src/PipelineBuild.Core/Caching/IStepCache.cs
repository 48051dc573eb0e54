using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Caching;

/// <summary>
/// The cache as the planner and the step worker see it: one interface over the local content store and
/// action cache, with the lower tiers (<see cref="ICacheTier"/>: a remote cache today) behind it.
/// Neither the planner nor the scheduler knows which tiers there are.
/// </summary>
public interface IStepCache
{
    /// <summary>The local action entry of <paramref name="key"/>; null on a miss, or when it names outputs the step does not declare.</summary>
    ActionEntry? TryGet(ActionKey key, IReadOnlyCollection<string>? declaredOutputKeys = null);

    /// <summary>After a local miss: the first lower tier's hit, to restore from; null on a miss everywhere.</summary>
    Task<ITierHit?> TryFetchAsync(StepDefinition step, ActionKey key, CancellationToken cancellationToken);

    /// <summary>Records what a step produced: locally now, in the lower tiers in the background (<see cref="FlushAsync"/>).</summary>
    void Put(ActionEntry entry);

    bool Contains(ContentDigest digest);

    /// <summary>A text object (a tree listing) of the local store; null when missing or damaged.</summary>
    string? TryReadText(ContentDigest digest);

    /// <summary>The same as UTF-8 bytes, for reading through once (a listing of 10⁵ files is megabytes).</summary>
    byte[]? TryReadTextBytes(ContentDigest digest);

    /// <summary>Stores a tree listing (<see cref="ContentStore.PutListing"/>).</summary>
    ContentDigest PutListing(TreeListing listing);

    /// <summary>Waits for what the lower tiers are still storing; the run ends when they have.</summary>
    Task FlushAsync();
}
