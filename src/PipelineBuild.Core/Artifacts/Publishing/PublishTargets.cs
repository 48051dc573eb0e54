using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Artifacts.Publishing;

/// <summary>Parses a <c>publish:</c> entry: <c>local</c>, <c>oci://host:port/repo</c>, <c>nuget:&lt;folder or URL&gt;</c>.</summary>
public static class PublishTargets
{
    /// <summary>A problem with the entry's syntax, or null when it is valid (checked when the pipeline loads).</summary>
    public static string? Check(string target)
    {
        if (target == "local")
        {
            return null;
        }

        if (target.StartsWith("oci://", StringComparison.Ordinal))
        {
            return OciReference.TryParse(target, out _) ? null : "write oci://host:port/repository (e.g. oci://localhost:5000/models/iris)";
        }

        if (target.StartsWith("nuget:", StringComparison.Ordinal))
        {
            return target.Length > "nuget:".Length ? null : "write nuget:<feed folder> or nuget:<push URL>";
        }

        return "use local, oci://host:port/repository or nuget:<feed folder or URL>";
    }

    public static IPublishTarget Create(string target, WorkspaceLayout layout, Func<string, string?> environment)
    {
        if (target.StartsWith("oci://", StringComparison.Ordinal) && OciReference.TryParse(target, out var reference))
        {
            return new OciPublishTarget(reference!);
        }

        if (target.StartsWith("nuget:", StringComparison.Ordinal))
        {
            var feed = target["nuget:".Length..];
            return feed.StartsWith("http://", StringComparison.Ordinal) || feed.StartsWith("https://", StringComparison.Ordinal)
                ? new NuGetServerTarget(new Uri(feed), environment("NUGET_API_KEY"))
                : new NuGetFolderTarget(Path.GetFullPath(Path.Combine(layout.Root, feed)));
        }

        throw new PipelineException(ArtifactCodes.PublishFailed, $"{target}: error {ArtifactCodes.PublishFailed}: unknown publish target; {Check(target)}");
    }
}
