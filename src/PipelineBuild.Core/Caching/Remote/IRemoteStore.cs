namespace PipelineBuild.Core.Caching.Remote;

/// <summary>
/// A remote cache backend: objects under <c>ac/</c> and <c>cas/</c>, read and written as streams.
/// A missing object is <c>null</c>/<c>false</c>; an unreachable remote, a 5xx or a refused request
/// throws <see cref="RemoteStoreException"/>. Backends check nothing: the caller verifies every byte.
/// </summary>
public interface IRemoteStore : IDisposable
{
    /// <summary>The remote's URL without credentials, for messages.</summary>
    string DisplayUrl { get; }

    Task<bool> ExistsAsync(RemoteObjectKey key, CancellationToken cancellationToken);

    /// <summary>The object's length in bytes as the remote reports it (no byte is read), or null when it does not exist.</summary>
    Task<long?> LengthAsync(RemoteObjectKey key, CancellationToken cancellationToken);

    /// <summary>The object's bytes as a stream the caller disposes, or null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(RemoteObjectKey key, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="length"/> bytes from <paramref name="content"/>, replacing what is there.</summary>
    Task PutAsync(RemoteObjectKey key, Stream content, long length, CancellationToken cancellationToken);
}
