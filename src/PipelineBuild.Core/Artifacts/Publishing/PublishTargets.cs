using PipelineBuild.Core.Artifacts.Registry;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Artifacts.Publishing;

/// <summary>Parses a <c>publish:</c> entry: <c>local</c>, <c>oci://host:port/repo</c>, <c>nuget:&lt;folder or URL&gt;</c>.</summary>
public static class PublishTargets
{
    public static IPublishTarget Create(string target, WorkspaceLayout layout, Func<string, string?> environment)
    {
        if (target.StartsWith("oci://", StringComparison.Ordinal) && OciReference.TryParse(target, out var reference))
        {
            return new OciPublishTarget(reference!, new RegistryCredentialSource(environment));
        }

        if (target.StartsWith("nuget:", StringComparison.Ordinal))
        {
            var feed = target["nuget:".Length..];
            return feed.StartsWith("http://", StringComparison.Ordinal) || feed.StartsWith("https://", StringComparison.Ordinal)
                ? new NuGetServerTarget(new Uri(feed), environment("NUGET_API_KEY"))
                : new NuGetFolderTarget(Path.GetFullPath(Path.Combine(layout.Root, feed)));
        }

        throw new PipelineException(ArtifactCodes.PublishFailed, $"{target}: error {ArtifactCodes.PublishFailed}: unknown publish target; {PublishTargetSyntax.Check(target)}");
    }
}
