namespace PipelineBuild.Core.Hashing;

internal readonly record struct StatCacheEntry(FileStat Stat, ContentDigest Digest);
