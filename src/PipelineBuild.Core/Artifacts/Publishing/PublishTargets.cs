using PipelineBuild.Core.Artifacts.Registry;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Artifacts.Publishing;

/// <summary>Parses a <c>publish:</c> entry: <c>local</c>, <c>oci://host:port/repo</c>, <c>nuget:&lt;folder, URL or file:// feed&gt;</c>.</summary>
public static class PublishTargets
{
    /// <param name="nuGet">Pushes to NuGet sources given by URL; null where the tool has no NuGet client.</param>
    public static IPublishTarget Create(string target, WorkspaceLayout layout, Func<string, string?> environment, INuGetPusher? nuGet = null)
    {
        if (target.StartsWith("oci://", StringComparison.Ordinal) && OciReference.TryParse(target, out var reference))
        {
            return new OciPublishTarget(reference!, new RegistryCredentialSource(environment));
        }

        if (target.StartsWith("nuget:", StringComparison.Ordinal))
        {
            var feed = target["nuget:".Length..];
            return feed.StartsWith("http://", StringComparison.Ordinal) || feed.StartsWith("https://", StringComparison.Ordinal) || feed.StartsWith("file://", StringComparison.Ordinal)
                ? new NuGetServerTarget(feed, environment("NUGET_API_KEY"), nuGet, layout.TempFolder)
                : new NuGetFolderTarget(Path.GetFullPath(Path.Combine(layout.Root, feed)));
        }

        throw new PipelineException(ArtifactCodes.PublishFailed, $"{target}: error {ArtifactCodes.PublishFailed}: unknown publish target; {PublishTargetSyntax.Check(target)}");
    }
}
