using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using PipelineBuild.Cluster;

namespace PipelineBuild.Swarm.Services;

/// <summary>
/// The Swarm secret of one job attempt: the step's secrets and the cache's credentials as one JSON object
/// (<see cref="JobSecretsJson"/>), labelled like the attempt's service, mounted read-only into its task at
/// <see cref="FilePath"/>, where the agent reads it (docs/decisions.md, "Swarm secrets"); removed after the service.
/// </summary>
internal static class JobSecrets
{
    /// <summary>The file name under <c>/run/secrets</c> in the task.</summary>
    public const string FileName = "pipelinebuild-secrets.json";

    /// <summary>Where the agent finds the secrets (<see cref="ClusterEnvironment.SecretsFile"/>).</summary>
    public const string FilePath = "/run/secrets/" + FileName;

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>Creates the secret of <paramref name="request"/> (named as its service); its id, or null when the attempt has no secrets.</summary>
    public static async Task<string?> CreateAsync(DockerClient client, JobRequest request)
    {
        if (request.Secrets.Count == 0)
        {
            return null;
        }

        // Not cancelled by Ctrl-C, for the reason a service create is not: an id nobody knows cannot be removed.
        using var limit = new CancellationTokenSource(Limit);
        var spec = new SwarmSecretSpec
        {
            Name = request.ServiceName,
            Labels = new Dictionary<string, string>(request.Labels, StringComparer.Ordinal),
            Data = JobSecretsJson.Serialize(request.Secrets),
        };
        var created = await client.Secrets.CreateAsync(spec, limit.Token).ConfigureAwait(false);
        return created.ID ?? throw new IOException($"the swarm manager gave no id for the secret {request.ServiceName}");
    }

    /// <summary>The task's reference to the secret: a file readable by the image's user, whoever it is (the command sees the values anyway).</summary>
    public static SecretReference Reference(string secretId, string secretName) => new()
    {
        SecretID = secretId,
        SecretName = secretName,
        File = new SecretReferenceFileTarget { Name = FileName, UID = "0", GID = "0", Mode = 0b100_100_100 },
    };

    /// <summary>Removes a secret (its service is gone); never cancelled itself, and one already gone is fine.</summary>
    public static async Task RemoveAsync(DockerClient client, string secretId)
    {
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await client.Secrets.DeleteAsync(secretId, limit.Token).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }

    /// <summary>The secrets whose labels include all of <paramref name="labels"/> (the manager lists secrets without a filter here).</summary>
    public static async Task<IReadOnlyList<Secret>> ListAsync(DockerClient client, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var all = await client.Secrets.ListAsync(cancellationToken).ConfigureAwait(false);
        return [.. all.Where(s => labels.All(l => s.Spec?.Labels?.TryGetValue(l.Key, out var value) == true && string.Equals(value, l.Value, StringComparison.Ordinal)))];
    }
}
