using System.Net;
using System.Net.Http.Headers;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Artifacts.Publishing;

/// <summary>
/// A NuGet server (<c>nuget:https://host/api/v2/package</c>): the package is pushed with the NuGet
/// push protocol (<c>PUT</c>, multipart <c>package</c>, <c>X-NuGet-ApiKey</c> from <c>NUGET_API_KEY</c>).
/// A 409 means the server already has the version; servers refuse to overwrite, so it stays immutable.
/// </summary>
public sealed class NuGetServerTarget : IPublishTarget
{
    private readonly Uri _pushUri;
    private readonly string? _apiKey;

    public NuGetServerTarget(Uri pushUri, string? apiKey)
    {
        _pushUri = pushUri;
        _apiKey = apiKey;
    }

    public async Task<bool> EnsureAsync(ArtifactManifest manifest, ArtifactStore store, CancellationToken cancellationToken)
    {
        using var package = new MemoryStream();
        NuGetPackageWriter.Write(package, manifest, store);
        package.Position = 0;
        using var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }) { Timeout = TimeSpan.FromMinutes(30) };
        using var request = new HttpRequestMessage(HttpMethod.Put, _pushUri);
        if (_apiKey is not null)
        {
            request.Headers.Add("X-NuGet-ApiKey", _apiKey);
        }

        using var file = new StreamContent(package);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var form = new MultipartFormDataContent { { file, "package", NuGetPackageWriter.FileName(manifest) } };
        request.Content = form;
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                return false;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new PipelineException(
                    ArtifactCodes.PublishFailed,
                    $"{_pushUri}: error {ArtifactCodes.PublishFailed}: the NuGet server refused {manifest.Reference} ({(int)response.StatusCode} {response.StatusCode}); check the push URL and NUGET_API_KEY",
                    ExitCodes.StepFailed);
            }

            return true;
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw new PipelineException(
                ArtifactCodes.TargetUnavailable,
                $"{_pushUri}: error {ArtifactCodes.TargetUnavailable}: the NuGet server cannot be reached ({e.Message}); check the URL; the next run pushes again",
                ExitCodes.ServiceUnavailable,
                e);
        }
    }
}
