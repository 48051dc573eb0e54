using PipelineBuild.Core.Model;
namespace PipelineBuild.Core.Caching.Remote;

/// <summary>What a run did with the remote cache, for the summary, <c>--report</c>, the CI job summary and <c>cache status</c>.</summary>
public sealed record RemoteCacheSummary(
    string Url,
    RemoteCacheMode Mode,
    int Hits,
    int Misses,
    long BytesDownloaded,
    int EntriesUploaded,
    long BytesUploaded,
    string? Unavailable);
