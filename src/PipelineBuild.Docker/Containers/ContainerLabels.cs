using System.Security.Cryptography;
using System.Text;

namespace PipelineBuild.Docker.Containers;

/// <summary>The labels every step container carries, so that a later run can find what a crashed one left behind.</summary>
public static class ContainerLabels
{
    public const string Workspace = "io.pipelinebuild.workspace";
    public const string Run = "io.pipelinebuild.run";
    public const string Step = "io.pipelinebuild.step";
    public const string Pipeline = "io.pipelinebuild.pipeline";

    /// <summary>A workspace's label value: a hash of its absolute path (paths may hold what labels should not).</summary>
    public static string WorkspaceId(string workspaceRoot) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(workspaceRoot))))[..32];
}
