using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using PipelineBuild.Core.Caching.Remote;

namespace PipelineBuild.RemoteCache;

/// <summary>
/// <c>azblob://account/container/prefix</c> on Azure.Storage.Blobs: a container client made from a
/// connection string (account key, Azurite) or a SAS token, both from the environment.
/// Uploads stream in blocks of at most 8 MiB, one at a time, so memory stays bounded.
/// </summary>
internal sealed class AzureBlobRemoteStore : IRemoteStore
{
    private static readonly BlobUploadOptions UploadOptions = new()
    {
        TransferOptions = new StorageTransferOptions { MaximumConcurrency = 1, InitialTransferSize = 8 << 20, MaximumTransferSize = 8 << 20 },
    };

    private readonly BlobContainerClient _container;
    private readonly string _prefix;

    public AzureBlobRemoteStore(BlobContainerClient container, string prefix, string displayUrl)
    {
        _container = container;
        _prefix = prefix.Length == 0 ? "" : prefix.TrimEnd('/') + "/";
        DisplayUrl = displayUrl;
    }

    public string DisplayUrl { get; }

    public static BlobClientOptions ClientOptions(TimeSpan timeout)
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 1;
        options.Retry.NetworkTimeout = timeout;
        return options;
    }

    public async Task<bool> ExistsAsync(RemoteObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            return (await BlobOf(key).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException)
        {
            throw Unavailable(key, e);
        }
    }

    public async Task<long?> LengthAsync(RemoteObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            return (await BlobOf(key).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.ContentLength;
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode != BlobErrorCode.ContainerNotFound)
        {
            return null;
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException)
        {
            throw Unavailable(key, e);
        }
    }

    public async Task<Stream?> OpenReadAsync(RemoteObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await BlobOf(key).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode != BlobErrorCode.ContainerNotFound)
        {
            return null;
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException)
        {
            throw Unavailable(key, e);
        }
    }

    public async Task PutAsync(RemoteObjectKey key, Stream content, long length, CancellationToken cancellationToken)
    {
        try
        {
            await BlobOf(key).UploadAsync(new NonDisposingStream(content), UploadOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException)
        {
            throw Unavailable(key, e);
        }
    }

    public void Dispose()
    {
    }

    private BlobClient BlobOf(RemoteObjectKey key) => _container.GetBlobClient(_prefix + key.RelativePath);

    private static RemoteStoreException Unavailable(RemoteObjectKey key, Exception e) =>
        new(e is RequestFailedException failed ? $"{key}: {failed.Status} {failed.ErrorCode}" : $"{key}: {e.Message}", e);
}
