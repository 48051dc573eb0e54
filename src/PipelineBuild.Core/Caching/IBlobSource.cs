using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Caching;

/// <summary>Where a restore takes a file's bytes from: the local content store, or a lower tier (a remote) for what the store lacks.</summary>
public interface IBlobSource
{
    /// <summary>Writes the bytes of <paramref name="digest"/> to the new file <paramref name="tempTarget"/>, verified; false (nothing left behind) when they are missing or damaged.</summary>
    Task<bool> TryStageAsync(ContentDigest digest, string tempTarget, CancellationToken cancellationToken);
}
