namespace PipelineBuild.Core.Caching;

/// <summary>
/// A lower tier's verified entry for a step: the restore stages its files from <see cref="IBlobSource"/>
/// (straight from the tier, each verified while it streams in), then reports how it ended.
/// </summary>
public interface ITierHit : IBlobSource
{
    ActionEntry Entry { get; }

    /// <summary>The outputs landed.</summary>
    void Restored();

    /// <summary>The restore failed (a blob missing or damaged, a refused path): the step runs instead.</summary>
    void NotRestored();
}
