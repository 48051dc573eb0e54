namespace PipelineBuild.Core.Caching.Collection;

/// <summary>What <c>cache gc</c> keeps: entries used within <see cref="KeepAge"/>, and at most <see cref="MaxBytes"/> in all (null: no size limit).</summary>
public sealed record CacheLimits(TimeSpan KeepAge, long? MaxBytes);
