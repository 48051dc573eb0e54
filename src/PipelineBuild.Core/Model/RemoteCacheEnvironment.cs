namespace PipelineBuild.Core.Model;

/// <summary>The environment variables of the remote cache. Credentials are read from here only, never from the pipeline file.</summary>
public static class RemoteCacheEnvironment
{
    public const string Url = "PIPELINEBUILD_CACHE_URL";
    public const string Mode = "PIPELINEBUILD_CACHE_MODE";
    public const string SigningKey = "PIPELINEBUILD_CACHE_SIGNING_KEY";

    /// <summary>HTTP basic authentication (with <see cref="Password"/>).</summary>
    public const string User = "PIPELINEBUILD_CACHE_USER";
    public const string Password = "PIPELINEBUILD_CACHE_PASSWORD";

    /// <summary>HTTP bearer token.</summary>
    public const string Token = "PIPELINEBUILD_CACHE_TOKEN";

    /// <summary>Azure Blob: a connection string (Azurite, account keys) or, with <see cref="AzureSas"/>, a SAS token.</summary>
    public const string AzureConnectionString = "AZURE_STORAGE_CONNECTION_STRING";
    public const string AzureSas = "AZURE_STORAGE_SAS_TOKEN";

    /// <summary>S3: an endpoint for S3-compatible servers (MinIO, s3rver); keys come from the AWS SDK's standard chain.</summary>
    public const string S3Endpoint = "PIPELINEBUILD_CACHE_S3_ENDPOINT";
}
