using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Artifacts.Publishing;

/// <summary>
/// A NuGet source (<c>nuget:https://host/v3/index.json</c>, a v2 push URL, or <c>nuget:file:///feed</c>
/// for a local feed in NuGet's folder layout): the version's package is pushed with NuGet's own client
/// (<see cref="INuGetPusher"/>) and <c>NUGET_API_KEY</c>, unless the source has that id and version already.
/// Sources refuse to overwrite a version, so it stays immutable.
/// </summary>
public sealed class NuGetServerTarget : IPublishTarget
{
    private readonly string _source;
    private readonly string? _apiKey;
    private readonly INuGetPusher? _pusher;
    private readonly string _tempFolder;

    public NuGetServerTarget(string source, string? apiKey, INuGetPusher? pusher, string tempFolder)
    {
        _source = source;
        _apiKey = apiKey;
        _pusher = pusher;
        _tempFolder = tempFolder;
    }

    public async Task<bool> EnsureAsync(ArtifactManifest manifest, ArtifactStore store, CancellationToken cancellationToken)
    {
        var pusher = _pusher ?? throw new PipelineException(
            ArtifactCodes.TargetUnavailable,
            $"{_source}: error {ArtifactCodes.TargetUnavailable}: this build of the tool has no NuGet client to push with; publish to a feed folder (nuget:<folder>) instead",
            ExitCodes.ServiceUnavailable);
        var staging = Path.Combine(_tempFolder, $"push-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var package = Path.Combine(staging, NuGetPackageWriter.FileName(manifest));
            await using (var file = File.Create(package))
            {
                NuGetPackageWriter.Write(file, manifest, store);
            }

            var outcome = await pusher.PushAsync(package, _source, _apiKey, cancellationToken).ConfigureAwait(false);
            return outcome.Status switch
            {
                NuGetPushStatus.Pushed => true,
                NuGetPushStatus.AlreadyThere => false,
                NuGetPushStatus.Unreachable => throw new PipelineException(
                    ArtifactCodes.TargetUnavailable,
                    $"{_source}: error {ArtifactCodes.TargetUnavailable}: the NuGet source cannot be reached ({outcome.Detail}); check the URL; the next run pushes again",
                    ExitCodes.ServiceUnavailable),
                _ => throw new PipelineException(
                    ArtifactCodes.PublishFailed,
                    $"{_source}: error {ArtifactCodes.PublishFailed}: the NuGet source refused {manifest.Reference} ({outcome.Detail}); check the source URL and NUGET_API_KEY",
                    ExitCodes.StepFailed),
            };
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }
}
