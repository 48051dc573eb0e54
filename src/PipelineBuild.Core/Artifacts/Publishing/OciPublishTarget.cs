using System.Net;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using PipelineBuild.Core.Artifacts.Registry;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Artifacts.Publishing;

/// <summary>
/// Pushes a version to an OCI registry as an OCI artifact that ORAS can pull: tag = version
/// (<c>+</c> becomes <c>_</c>), one layer per file titled with its path, the lineage
/// (<c>artifact.json</c>) as the config blob, and the content digest, run and commit as annotations.
/// A registry that wants credentials gets them as the docker CLI gives them (<see cref="RegistryCredentialSource"/>).
/// </summary>
public sealed class OciPublishTarget : IPublishTarget
{
    public const string ArtifactType = "application/vnd.pipelinebuild.artifact.v1";
    public const string ConfigMediaType = "application/vnd.pipelinebuild.artifact.config.v1+json";
    public const string LayerMediaType = "application/vnd.oci.image.layer.v1.tar";
    public const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    public const string DigestAnnotation = "dev.pipelinebuild.content-digest";

    private readonly OciReference _reference;
    private readonly RegistryCredentialSource _credentials;

    public OciPublishTarget(OciReference reference, RegistryCredentialSource credentials)
    {
        _reference = reference;
        _credentials = credentials;
    }

    public static string TagOf(string version) => version.Replace('+', '_');

    public async Task<bool> EnsureAsync(ArtifactManifest manifest, ArtifactStore store, CancellationToken cancellationToken)
    {
        var transport = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        using var client = new HttpClient(new RegistryAuthenticationHandler(_reference, () => _credentials.Find(_reference.Host), transport)) { BaseAddress = _reference.BaseUri, Timeout = TimeSpan.FromMinutes(30) };
        var tag = TagOf(manifest.Version);
        try
        {
            var existing = await ExistingDigestAsync(client, tag, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                return existing == manifest.Digest.Hex
                    ? false
                    : throw new PipelineException(
                        ArtifactCodes.Immutable,
                        $"{_reference}:{tag}: error {ArtifactCodes.Immutable}: the registry already holds {manifest.Reference} with other content ({existing[..Math.Min(12, existing.Length)]}); published versions never change: raise 'version'",
                        ExitCodes.StepFailed);
            }

            var config = ArtifactManifestJson.ToBytes(manifest);
            var configDigest = ContentDigest.Of(config);
            await PushBlobAsync(client, configDigest, config.Length, () => new MemoryStream(config), cancellationToken).ConfigureAwait(false);
            foreach (var file in manifest.Files)
            {
                var path = store.Objects.ObjectPath(file.Digest);
                await PushBlobAsync(client, file.Digest, file.Size, () => File.OpenRead(path), cancellationToken).ConfigureAwait(false);
            }

            using var body = new ByteArrayContent(ManifestBytes(manifest, configDigest, config.Length));
            body.Headers.ContentType = new MediaTypeHeaderValue(ManifestMediaType);
            using var response = await client.PutAsync(new Uri($"v2/{_reference.Repository}/manifests/{tag}", UriKind.Relative), body, cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(response, "storing the manifest", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw new PipelineException(
                ArtifactCodes.TargetUnavailable,
                $"{_reference}: error {ArtifactCodes.TargetUnavailable}: the registry cannot be reached ({e.Message}); start it or fix the address in 'publish'; the version stays in the local store and is pushed by the next run",
                ExitCodes.ServiceUnavailable,
                e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PipelineException(
                ArtifactCodes.TargetUnavailable,
                $"{_reference}: error {ArtifactCodes.TargetUnavailable}: the registry did not answer in time; check it is up; the next run pushes again",
                ExitCodes.ServiceUnavailable,
                e);
        }
    }

    /// <summary>The content digest annotated on the tag's manifest; null when the tag does not exist.</summary>
    private async Task<string?> ExistingDigestAsync(HttpClient client, string tag, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"v2/{_reference.Repository}/manifests/{tag}", UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ManifestMediaType));
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, "reading the tag", cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        return document.RootElement.TryGetProperty("annotations", out var annotations) && annotations.TryGetProperty(DigestAnnotation, out var digest)
            ? digest.GetString() ?? ""
            : "";
    }

    private async Task PushBlobAsync(HttpClient client, ContentDigest digest, long size, Func<Stream> open, CancellationToken cancellationToken)
    {
        var name = "sha256:" + digest.Hex;
        using (var head = new HttpRequestMessage(HttpMethod.Head, new Uri($"v2/{_reference.Repository}/blobs/{name}", UriKind.Relative)))
        using (var exists = await client.SendAsync(head, cancellationToken).ConfigureAwait(false))
        {
            if (exists.IsSuccessStatusCode)
            {
                return;
            }
        }

        Uri location;
        using (var start = await client.PostAsync(new Uri($"v2/{_reference.Repository}/blobs/uploads/", UriKind.Relative), null, cancellationToken).ConfigureAwait(false))
        {
            await EnsureSuccessAsync(start, "starting a blob upload", cancellationToken).ConfigureAwait(false);
            location = start.Headers.Location ?? throw Refused("starting a blob upload", start.StatusCode, "no Location header");
        }

        var absolute = location.IsAbsoluteUri ? location : new Uri(client.BaseAddress!, location);
        var target = new UriBuilder(absolute);
        target.Query = (string.IsNullOrEmpty(target.Query) ? "" : target.Query.TrimStart('?') + "&") + "digest=" + Uri.EscapeDataString(name);
        await using var stream = open();
        using var content = new StreamContent(stream);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = size;
        using var put = await client.PutAsync(target.Uri, content, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(put, "uploading a blob", cancellationToken).ConfigureAwait(false);
    }

    private static byte[] ManifestBytes(ArtifactManifest manifest, ContentDigest configDigest, long configSize)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", 2);
            writer.WriteString("mediaType", ManifestMediaType);
            writer.WriteString("artifactType", ArtifactType);
            writer.WriteStartObject("config");
            writer.WriteString("mediaType", ConfigMediaType);
            writer.WriteString("digest", "sha256:" + configDigest.Hex);
            writer.WriteNumber("size", configSize);
            writer.WriteEndObject();
            writer.WriteStartArray("layers");
            foreach (var file in manifest.Files)
            {
                writer.WriteStartObject();
                writer.WriteString("mediaType", LayerMediaType);
                writer.WriteString("digest", "sha256:" + file.Digest.Hex);
                writer.WriteNumber("size", file.Size);
                writer.WriteStartObject("annotations");
                writer.WriteString("org.opencontainers.image.title", file.Path);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("annotations");
            writer.WriteString("org.opencontainers.image.title", manifest.Name);
            writer.WriteString("org.opencontainers.image.version", manifest.Version);
            writer.WriteString("org.opencontainers.image.created", Runs.RunStore.Timestamp(manifest.Created));
            if (manifest.Lineage.Git is { } git)
            {
                writer.WriteString("org.opencontainers.image.revision", git.Commit);
            }

            writer.WriteString(DigestAnnotation, manifest.Digest.Hex);
            writer.WriteString("dev.pipelinebuild.run-id", manifest.Lineage.RunId);
            writer.WriteString("dev.pipelinebuild.pipeline", manifest.Lineage.Pipeline);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw Refused(what, response.StatusCode, body.Length > 300 ? body[..300] : body.Trim());
        }
    }

    private PipelineException Refused(string what, HttpStatusCode status, string detail) =>
        new(
            ArtifactCodes.PublishFailed,
            $"{_reference}: error {ArtifactCodes.PublishFailed}: the registry refused {what} ({(int)status} {status}: {detail}); check the repository name and that the account may push to it",
            ExitCodes.StepFailed);
}
