using PipelineBuild.Core.Model;
namespace PipelineBuild.Core.Caching.Remote;

/// <summary>A run's remote cache: the backend, how it is used, whether it must answer, and the entry signer.</summary>
public sealed record RemoteCacheOptions(IRemoteStore Store, RemoteCacheMode Mode, bool Required, EntrySigner? Signer)
{
    /// <summary>Object transfers at once (uploads and downloads together).</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>Retries of a failed request before the remote counts as unavailable for the rest of the run.</summary>
    public int Retries { get; init; } = 2;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);
}
