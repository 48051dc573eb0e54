namespace PipelineBuild.Core.Hashing;

/// <summary>
/// A remembered digest. <paramref name="Racy"/>: the file changed so shortly before it was hashed
/// that a further write in the same clock tick would leave its stat unchanged (git's "racy clean").
/// Such entries serve the current run but are not saved, so the next run hashes the file once more.
/// </summary>
internal readonly record struct StatCacheEntry(FileStat Stat, ContentDigest Digest, bool Racy = false);
