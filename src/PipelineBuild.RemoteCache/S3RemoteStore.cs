using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using PipelineBuild.Core.Caching.Remote;

namespace PipelineBuild.RemoteCache;

/// <summary>
/// <c>s3://bucket/prefix</c> on AWSSDK.S3: credentials from the SDK's standard chain (AWS_ACCESS_KEY_ID…,
/// profiles, instance roles), a custom endpoint (path-style) for S3-compatible servers. Checksums only
/// where S3 requires them: we verify every byte ourselves, and S3-compatible servers lack the newer ones.
/// </summary>
internal sealed class S3RemoteStore : IRemoteStore
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;
    private readonly string _prefix;

    public S3RemoteStore(string bucket, string prefix, string? endpoint, AWSCredentials? credentials, TimeSpan timeout)
    {
        var config = new AmazonS3Config
        {
            MaxErrorRetry = 1,
            Timeout = timeout,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1";
        }

        _client = credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
        _bucket = bucket;
        _prefix = prefix.Length == 0 ? "" : prefix.TrimEnd('/') + "/";
        DisplayUrl = $"s3://{bucket}/{_prefix}".TrimEnd('/') + (endpoint is null ? "" : $" (endpoint {endpoint})");
    }

    public string DisplayUrl { get; }

    public async Task<bool> ExistsAsync(RemoteObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            await _client.GetObjectMetadataAsync(_bucket, ObjectKey(key), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
        {
            throw Unavailable(key, e);
        }
    }

    public async Task<long?> LengthAsync(RemoteObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await _client.GetObjectMetadataAsync(_bucket, ObjectKey(key), cancellationToken).ConfigureAwait(false);
            return metadata.Headers.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
        {
            throw Unavailable(key, e);
        }
    }

    public async Task<Stream?> OpenReadAsync(RemoteObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.GetObjectAsync(_bucket, ObjectKey(key), cancellationToken).ConfigureAwait(false);
            return new ResponseStream(response.ResponseStream, response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
        {
            throw Unavailable(key, e);
        }
    }

    public async Task PutAsync(RemoteObjectKey key, Stream content, long length, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = ObjectKey(key),
            InputStream = content,
            AutoCloseStream = false,
            AutoResetStreamPosition = false,
            UseChunkEncoding = false,
        };
        request.Headers.ContentLength = length;
        try
        {
            await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
        {
            throw Unavailable(key, e);
        }
    }

    public void Dispose() => _client.Dispose();

    private string ObjectKey(RemoteObjectKey key) => _prefix + key.RelativePath;

    private static RemoteStoreException Unavailable(RemoteObjectKey key, Exception e) =>
        new(e is AmazonServiceException service ? $"{key}: {(int)service.StatusCode} {service.ErrorCode}: {service.Message}" : $"{key}: {e.Message}", e);
}
