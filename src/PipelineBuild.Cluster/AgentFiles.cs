using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Cluster;

/// <summary>
/// The agent's files as the tool ships them: a folder (<see cref="AgentPaths.ToolFolder"/> beside the tool) holding
/// <c>agent</c> and <c>lib/</c>, and the digest of all their bytes, which names the derived images.
/// </summary>
public sealed record AgentFiles(string Folder, ContentDigest Digest)
{
    /// <summary>The agent beside the running tool (its build output or its package), or in <c>PIPELINEBUILD_AGENT</c>'s folder.</summary>
    public static AgentFiles Locate() => throw new NotImplementedException("AgentFiles.Locate: coming next on branch agent15");
}
