using PipelineBuild.Core.Model;

namespace PipelineBuild.Cluster;

/// <summary>The variables a job's container gets: which job to run and where the remote cache is, as the cluster sees it.</summary>
public static class ClusterEnvironment
{
    /// <summary>The hex SHA-256 of the job's spec, stored in the remote cache as <c>cas/&lt;sha256&gt;</c>.</summary>
    public const string Job = "PIPELINEBUILD_JOB";

    /// <summary>The remote cache's URL as seen from the cluster's nodes (the same variable the tool reads).</summary>
    public const string CacheUrl = RemoteCacheEnvironment.Url;

    /// <summary>
    /// The path of a file holding the job's secrets as one JSON object (name → value), where an executor with a secret
    /// mechanism that mounts files (Swarm) puts them instead of the container's environment; the agent reads it
    /// (<see cref="JobSecretsJson"/>) and gives the step's secrets to the command as variables.
    /// </summary>
    public const string SecretsFile = "PIPELINEBUILD_SECRETS_FILE";

    /// <summary>
    /// The remote cache's credential variables and the entry signing key: passed to the container when set, through the
    /// executor's secret mechanism (never in the spec, never in a label).
    /// </summary>
    public static IReadOnlyList<string> CacheSecrets { get; } =
    [
        RemoteCacheEnvironment.User,
        RemoteCacheEnvironment.Password,
        RemoteCacheEnvironment.Token,
        RemoteCacheEnvironment.SigningKey,
        RemoteCacheEnvironment.S3Endpoint,
        RemoteCacheEnvironment.AzureConnectionString,
        RemoteCacheEnvironment.AzureSas,
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_REGION",
    ];
}
