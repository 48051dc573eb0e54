using Docker.DotNet;

namespace PipelineBuild.Cluster;

/// <summary>
/// The step's image with the agent added as a derived layer under <see cref="AgentPaths.Root"/>: <c>FROM &lt;base&gt;</c> plus
/// the agent's files, its entrypoint <see cref="AgentPaths.Entrypoint"/>. Its tag is a function of the base image's id and
/// the agent's bytes, so it is built once per engine.
/// </summary>
public sealed class AgentImage
{
    /// <summary>The repository every derived image is tagged in, locally.</summary>
    public const string Repository = "pipelinebuild-job";

    private readonly AgentFiles _agent;

    public AgentImage(AgentFiles agent)
    {
        _agent = agent;
    }

    /// <summary>The Dockerfile of the derived image.</summary>
    public static string Dockerfile(string baseImage) =>
        $"FROM {baseImage}\nCOPY {AgentPaths.Root.TrimStart('/')}/ {AgentPaths.Root}/\nENTRYPOINT [{string.Join(", ", AgentPaths.Entrypoint.Select(a => $"\"{a}\""))}]\n";

    /// <summary>The derived image's local tag for a base image id (<c>sha256:…</c>).</summary>
    public string TagFor(string baseImageId) => throw new NotImplementedException($"AgentImage.TagFor({baseImageId}, {_agent.Folder}): coming next on branch agent15");

    /// <summary>
    /// The derived image of <paramref name="baseImage"/> (a reference or id the engine has) on <paramref name="client"/>'s
    /// engine: found by its tag, else built now.
    /// </summary>
    public Task<DerivedImage> EnsureAsync(DockerClient client, string baseImage, CancellationToken cancellationToken) =>
        throw new NotImplementedException($"AgentImage.EnsureAsync({client}, {baseImage}, {cancellationToken}): coming next on branch agent15");
}
