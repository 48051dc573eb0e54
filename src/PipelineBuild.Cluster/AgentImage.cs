using System.Net.Http;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Docker.Images;

namespace PipelineBuild.Cluster;

/// <summary>
/// The step's image with the agent added as a derived layer under <see cref="AgentPaths.Root"/>: <c>FROM &lt;base&gt;</c> plus
/// the agent's files, a world-writable <see cref="AgentPaths.Workspace"/>, and <see cref="AgentPaths.Entrypoint"/>. Its tag is a
/// function of the base image's id and the agent's bytes, so it is built once per engine.
/// </summary>
public sealed class AgentImage
{
    /// <summary>The repository every derived image is tagged in, locally.</summary>
    public const string Repository = "pipelinebuild-job";

    /// <summary>The label holding the agent's digest.</summary>
    public const string AgentLabel = "dev.pipelinebuild.agent";

    private const string Dockerfile = "Dockerfile";
    private readonly AgentFiles _agent;

    public AgentImage(AgentFiles agent)
    {
        _agent = agent;
    }

    /// <summary>The Dockerfile of the derived image of <paramref name="baseImageId"/>.</summary>
    public static string DockerfileFor(string baseImageId) =>
        $"FROM {baseImageId}\n"
        + $"COPY {AgentPaths.Root.TrimStart('/')} {AgentPaths.Root}\n"
        + $"COPY {AgentPaths.Workspace.TrimStart('/')} {AgentPaths.Workspace}\n"
        + $"ENTRYPOINT [{string.Join(", ", AgentPaths.Entrypoint.Select(a => $"\"{a}\""))}]\n"
        + "CMD []\n";

    /// <summary>The derived image's local tag for a base image id (<c>sha256:…</c>).</summary>
    public string TagFor(string baseImageId) =>
        $"{Repository}:{ContentDigest.Of(Encoding.UTF8.GetBytes($"{baseImageId}\n{_agent.Digest.Hex}\n{DockerfileFor(baseImageId)}")).Hex[..32]}";

    /// <summary>
    /// The derived image of <paramref name="baseImage"/> (a reference or id the engine has) on <paramref name="client"/>'s
    /// engine: found by its tag, else built now. <paramref name="tempFolder"/> holds the build context while it is sent.
    /// </summary>
    public async Task<DerivedImage> EnsureAsync(DockerClient client, string baseImage, string tempFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var baseId = await ImageResolver.TryInspectAsync(client, baseImage, cancellationToken).ConfigureAwait(false)
            ?? throw NotBuilt(baseImage, "the engine does not have the base image", "pull or build it first");
        var tag = TagFor(baseId);
        if (await ImageResolver.TryInspectAsync(client, tag, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return new DerivedImage(tag, existing, Built: false);
        }

        var errors = new BuildErrors();
        var context = Path.Combine(tempFolder, "agent-context-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(context);
        try
        {
            var dockerfile = Path.Combine(context, Dockerfile);
            await File.WriteAllTextAsync(dockerfile, DockerfileFor(baseId), cancellationToken).ConfigureAwait(false);
            await using var archive = ContextArchive.Create(EntriesOf(dockerfile), tempFolder);
            var parameters = new ImageBuildParameters
            {
                Dockerfile = Dockerfile,
                Tags = [tag],
                Remove = true,
                ForceRemove = true,
                Labels = new Dictionary<string, string> { [AgentLabel] = _agent.Digest.Hex },
            };
            await client.Images.BuildImageFromDockerfileAsync(parameters, archive, null, null, errors, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException)
        {
            errors.Report(new JSONMessage { Error = new JSONError { Message = e is DockerApiException api ? api.ResponseBody : e.Message } });
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }

        var id = errors.Error is null ? await ImageResolver.TryInspectAsync(client, tag, cancellationToken).ConfigureAwait(false) : null;
        return id is null
            ? throw NotBuilt(baseImage, errors.Error ?? "the engine reported no image", "check that the engine can build images (docker build)")
            : new DerivedImage(tag, id, Built: true);
    }

    private IEnumerable<ArchiveEntry> EntriesOf(string dockerfile)
    {
        yield return new ArchiveEntry(Dockerfile, dockerfile, Executable: false);
        yield return new ArchiveEntry(AgentPaths.Workspace.TrimStart('/') + "/", null, Executable: false);
        foreach (var file in _agent.Files)
        {
            // The loader and the program are run; the libraries are mapped (0755 like a system's).
            yield return new ArchiveEntry($"{AgentPaths.Root.TrimStart('/')}/{file}", Path.Combine(_agent.Folder, file), Executable: true);
        }
    }

    private static PipelineException NotBuilt(string baseImage, string why, string hint) =>
        new(PipelineDiagnostic.Error(ClusterCodes.AgentImageNotBuilt, SourceLocation.Nowhere, $"the cluster image of '{baseImage}' (with the agent layer) was not built: {why}", hint), ExitCodes.StepFailed);

    /// <summary>The engine reports a failed build inside the progress stream, not as a failed request.</summary>
    private sealed class BuildErrors : IProgress<JSONMessage>
    {
        public string? Error { get; private set; }

        public void Report(JSONMessage value)
        {
            if (value.Error?.Message is { Length: > 0 } error)
            {
                Error = error.Trim();
            }
        }
    }
}
