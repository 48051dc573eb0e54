using System.Net.Http;
using Docker.DotNet;
using Docker.DotNet.Models;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Docker.Images;

namespace PipelineBuild.Cluster.Images;

/// <summary>
/// Pushes an image from an engine (the swarm's manager, or the local one for Kubernetes) to the registry and names it by the
/// digest the registry holds (<c>registry/repo@sha256:…</c>, from the image's RepoDigests), so that every node runs the same bytes.
/// An image the engine already pushed there, whose manifest the registry still has, is not pushed again.
/// </summary>
public sealed class ImagePublisher
{
    private static readonly string[] Unreachable = ["connection refused", "dial tcp", "no such host", "i/o timeout", "connection reset", "no route to host", "EOF"];
    private readonly DockerClient _client;
    private readonly string _registry;
    private readonly AuthConfig _auth;

    public ImagePublisher(DockerClient client, string registry, AuthConfig auth)
    {
        _client = client;
        _registry = registry;
        _auth = auth;
    }

    /// <summary>The image <paramref name="imageId"/> pushed as <c>registry/repository:tag</c>; its digest reference.</summary>
    public async Task<string> PublishAsync(string imageId, string repository, string tag, string logPath, CancellationToken cancellationToken)
    {
        var remote = $"{_registry}/{repository}";
        if (await AlreadyPushedAsync(imageId, remote, cancellationToken).ConfigureAwait(false) is { } pushed)
        {
            return pushed;
        }

        await _client.Images.TagImageAsync(imageId, new ImageTagParameters { RepositoryName = remote, Tag = tag }, cancellationToken).ConfigureAwait(false);
        using var log = new ImageBuildLog(logPath);
        try
        {
            await _client.Images.PushImageAsync(remote, new ImagePushParameters { Tag = tag }, _auth, log, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException)
        {
            log.Report(new JSONMessage { Error = new JSONError { Message = e is DockerApiException api ? api.ResponseBody : e.Message } });
        }

        if (log.Error is { } error)
        {
            throw PushFailed(remote, tag, error, log.Path);
        }

        var inspected = await _client.Images.InspectImageAsync($"{remote}:{tag}", cancellationToken).ConfigureAwait(false);
        return inspected.RepoDigests?.FirstOrDefault(d => d.StartsWith(remote + "@", StringComparison.Ordinal))
            ?? throw PushFailed(remote, tag, "the engine recorded no digest for the pushed image", log.Path);
    }

    /// <summary>
    /// The digest reference of <paramref name="imageId"/> in <paramref name="remote"/> when the engine pushed it there before
    /// (its RepoDigests) and the registry still has that manifest (asked through the engine); null when it must be pushed —
    /// also when the registry cannot be asked (it needs credentials the question does not carry).
    /// </summary>
    private async Task<string?> AlreadyPushedAsync(string imageId, string remote, CancellationToken cancellationToken)
    {
        try
        {
            var image = await _client.Images.InspectImageAsync(imageId, cancellationToken).ConfigureAwait(false);
            if (image.RepoDigests?.FirstOrDefault(d => d.StartsWith(remote + "@sha256:", StringComparison.Ordinal)) is not { } reference)
            {
                return null;
            }

            var held = await _client.Distribution.InspectAsync(reference, cancellationToken).ConfigureAwait(false);
            return string.Equals(held.Descriptor?.Digest, reference[(remote.Length + 1)..], StringComparison.Ordinal) ? reference : null;
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException)
        {
            return null;
        }
    }

    private PipelineException PushFailed(string remote, string tag, string error, string logPath)
    {
        var unreachable = Unreachable.Any(u => error.Contains(u, StringComparison.OrdinalIgnoreCase));
        return new PipelineException(
            PipelineDiagnostic.Error(
                ClusterCodes.PushFailed,
                SourceLocation.Nowhere,
                $"could not push {remote}:{tag} to the registry {_registry}: {error}",
                unreachable
                    ? $"start the registry or fix 'registry:' / --registry; the cluster's nodes pull the step's image from it (push log: {logPath})"
                    : $"check the registry's credentials (PIPELINEBUILD_REGISTRY_USERNAME / _PASSWORD, or docker login) and that the account may push (push log: {logPath})"),
            unreachable ? ExitCodes.ServiceUnavailable : ExitCodes.StepFailed);
    }
}
