using System.Net.Http.Headers;
using System.Text;
using Amazon.Runtime;
using Azure.Storage.Blobs;
using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.RemoteCache;

/// <summary>
/// Opens the backend a cache URL names: <c>http(s)://</c>, <c>s3://</c>, <c>azblob://</c> or <c>file://</c>.
/// Credentials come from <paramref name="environment"/> only; a URL carrying them is refused, so they never
/// reach the pipeline file, the lock file, a report or a log.
/// </summary>
public static class RemoteStoreFactory
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static IRemoteStore Create(string url, IReadOnlyDictionary<string, string> environment)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw BadSetting($"'{Redact(url)}' is not a URL", "give http(s)://host/prefix, s3://bucket/prefix, azblob://account/container/prefix or file:///path");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw BadSetting(
                $"the cache URL {Redact(url)} carries credentials",
                $"remove them from the URL and set {RemoteCacheEnvironment.User}/{RemoteCacheEnvironment.Password} or {RemoteCacheEnvironment.Token} instead");
        }

        return uri.Scheme switch
        {
            "http" or "https" => new HttpRemoteStore(uri, HttpAuthorization(environment), Timeout),
            "file" => new FileRemoteStore(uri.LocalPath),
            "s3" => new S3RemoteStore(uri.Host, uri.AbsolutePath.Trim('/'), environment.GetValueOrDefault(RemoteCacheEnvironment.S3Endpoint), S3Credentials(environment), Timeout),
            "azblob" => Azure(uri, environment),
            _ => throw BadSetting($"the cache URL scheme '{uri.Scheme}' is not supported", "use http(s)://, s3://, azblob:// or file://"),
        };
    }

    private static AuthenticationHeaderValue? HttpAuthorization(IReadOnlyDictionary<string, string> environment)
    {
        if (environment.GetValueOrDefault(RemoteCacheEnvironment.Token) is { Length: > 0 } token)
        {
            return new AuthenticationHeaderValue("Bearer", token);
        }

        return environment.GetValueOrDefault(RemoteCacheEnvironment.User) is { Length: > 0 } user
            ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{environment.GetValueOrDefault(RemoteCacheEnvironment.Password)}")))
            : null;
    }

    /// <summary>Keys from the given environment when it has them, else (null) the AWS SDK's standard chain.</summary>
    private static AWSCredentials? S3Credentials(IReadOnlyDictionary<string, string> environment) =>
        environment.GetValueOrDefault("AWS_ACCESS_KEY_ID") is { Length: > 0 } id && environment.GetValueOrDefault("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secret
            ? environment.GetValueOrDefault("AWS_SESSION_TOKEN") is { Length: > 0 } session ? new SessionAWSCredentials(id, secret, session) : new BasicAWSCredentials(id, secret)
            : null;

    private static AzureBlobRemoteStore Azure(Uri uri, IReadOnlyDictionary<string, string> environment)
    {
        var segments = uri.AbsolutePath.Trim('/').Split('/', 2);
        if (segments[0].Length == 0)
        {
            throw BadSetting($"the cache URL {uri} names no container", "write azblob://<account>/<container>/<prefix>");
        }

        var container = segments[0];
        var prefix = segments.Length > 1 ? segments[1] : "";
        var display = $"azblob://{uri.Host}/{container}/{prefix}".TrimEnd('/');
        var options = AzureBlobRemoteStore.ClientOptions(Timeout);
        if (environment.GetValueOrDefault(RemoteCacheEnvironment.AzureConnectionString) is { Length: > 0 } connection)
        {
            try
            {
                return new AzureBlobRemoteStore(new BlobContainerClient(connection, container, options), prefix, display);
            }
            catch (FormatException)
            {
                throw BadSetting($"{RemoteCacheEnvironment.AzureConnectionString} is not a valid connection string", "copy it from the storage account's 'Access keys' page");
            }
        }

        if (environment.GetValueOrDefault(RemoteCacheEnvironment.AzureSas) is { Length: > 0 } sas)
        {
            var endpoint = new Uri($"https://{uri.Host}.blob.core.windows.net/{container}?{sas.TrimStart('?')}");
            return new AzureBlobRemoteStore(new BlobContainerClient(endpoint, options), prefix, display);
        }

        throw new PipelineException(
            RemoteCacheCodes.MissingCredentials,
            $"error {RemoteCacheCodes.MissingCredentials}: the cache {display} needs credentials: set {RemoteCacheEnvironment.AzureConnectionString} or {RemoteCacheEnvironment.AzureSas}",
            ExitCodes.InvalidInput);
    }

    private static PipelineException BadSetting(string what, string hint) =>
        new(RemoteCacheCodes.BadSetting, $"error {RemoteCacheCodes.BadSetting}: {what}; {hint}", ExitCodes.InvalidInput);

    /// <summary>The URL without anything between the scheme and an '@', in case it held a password.</summary>
    private static string Redact(string url)
    {
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme > 0 && at > scheme ? url[..(scheme + 3)] + "***" + url[at..] : url;
    }
}
