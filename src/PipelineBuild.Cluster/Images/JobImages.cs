using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using PipelineBuild.Core.Artifacts.Registry;
using PipelineBuild.Core.Execution;

namespace PipelineBuild.Cluster.Images;

/// <summary>
/// The images cluster jobs run, for one run: a step's image with the agent layer (<see cref="AgentImage"/>), built on an
/// engine (the swarm's manager, or the local engine for Kubernetes), pushed to the registry once per image, and referenced
/// by the digest the registry holds (<c>registry/pipelinebuild-job@sha256:…</c>).
/// </summary>
/// <param name="environment">The tool's environment: registry credentials (<c>PIPELINEBUILD_REGISTRY_USERNAME</c>…, the docker login), <c>PIPELINEBUILD_AGENT</c>.</param>
public sealed class JobImages(IReadOnlyDictionary<string, string> environment)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _published = new(StringComparer.Ordinal);

    /// <summary>The digest reference of <paramref name="imageId"/> with the agent layer in <paramref name="registry"/>; built and pushed by the first caller.</summary>
    public Task<string> PublishOnceAsync(DockerClient client, string registry, string imageId, StepExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var publishing = _published.GetOrAdd(imageId, id => new Lazy<Task<string>>(async () =>
        {
            var agent = new AgentImage(AgentFiles.Locate(environment));
            var derived = await agent.EnsureAsync(client, id, Path.GetTempPath(), CancellationToken.None).ConfigureAwait(false);
            var tag = derived.Tag[(derived.Tag.LastIndexOf(':') + 1)..];
            var logPath = Path.Combine(execution.Layout.LogsFolder, execution.RunId, $"push-{tag}.log");
            return await new ImagePublisher(client, registry, AuthFor(registry)).PublishAsync(derived.Id, AgentImage.Repository, tag, logPath, CancellationToken.None).ConfigureAwait(false);
        }));
        return publishing.Value.WaitAsync(cancellationToken);
    }

    /// <summary>The credentials an engine pushes to (or a swarm's nodes pull from) <paramref name="registry"/> with.</summary>
    public AuthConfig AuthFor(string? registry)
    {
        var host = (registry ?? "").Split('/')[0];
        var credentials = new RegistryCredentialSource(environment.GetValueOrDefault).Find(host);
        return credentials is null ? new AuthConfig { ServerAddress = host }
            : credentials.IsIdentityToken ? new AuthConfig { ServerAddress = host, IdentityToken = credentials.Secret }
            : new AuthConfig { ServerAddress = host, Username = credentials.Username, Password = credentials.Secret };
    }
}
