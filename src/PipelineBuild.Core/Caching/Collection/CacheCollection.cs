namespace PipelineBuild.Core.Caching.Collection;

/// <summary>
/// What a collection removed and kept. <see cref="PinnedBytes"/> is what the lock files need (never
/// removed, even beyond the size limit); <see cref="DamagedEntries"/> were unreadable and removed as well.
/// </summary>
public sealed record CacheCollection(
    int EntriesRemoved,
    int ObjectsRemoved,
    long BytesFreed,
    int EntriesKept,
    int ObjectsKept,
    long BytesKept,
    long PinnedBytes,
    int DamagedEntries);
