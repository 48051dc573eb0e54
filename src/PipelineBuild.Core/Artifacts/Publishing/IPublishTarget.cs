namespace PipelineBuild.Core.Artifacts.Publishing;

/// <summary>A place beyond the local store where artifact versions are published (<c>publish:</c>).</summary>
public interface IPublishTarget
{
    /// <summary>
    /// Makes sure the target holds this version; returns true when it was pushed now, false when it
    /// was already there with the same content. The same version with other content is an error.
    /// </summary>
    Task<bool> EnsureAsync(ArtifactManifest manifest, ArtifactStore store, CancellationToken cancellationToken);
}
