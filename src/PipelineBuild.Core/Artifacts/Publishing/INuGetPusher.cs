namespace PipelineBuild.Core.Artifacts.Publishing;

/// <summary>
/// Pushes a package file to a NuGet source (a v3 service index, a v2 push URL or a local feed folder)
/// with NuGet's own client, which the Native AOT tool cannot link: the composition root supplies one
/// that runs it out of process.
/// </summary>
public interface INuGetPusher
{
    /// <param name="apiKey">The source's API key; never logged, never on a command line.</param>
    Task<NuGetPushOutcome> PushAsync(string packagePath, string source, string? apiKey, CancellationToken cancellationToken);
}
