using System.IO.Compression;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Artifacts.Publishing;

/// <summary>
/// A NuGet feed folder (<c>nuget:feeds/local</c>, relative to the workspace): a flat folder of
/// <c>.nupkg</c> files that <c>dotnet add package --source</c> and <c>nuget.config</c> sources read.
/// </summary>
public sealed class NuGetFolderTarget : IPublishTarget
{
    private readonly string _folder;

    public NuGetFolderTarget(string folder)
    {
        _folder = folder;
    }

    public Task<bool> EnsureAsync(ArtifactManifest manifest, ArtifactStore store, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_folder, NuGetPackageWriter.FileName(manifest));
        try
        {
            if (File.Exists(path))
            {
                var existing = ExistingDigest(path);
                return existing == manifest.Digest.Hex
                    ? Task.FromResult(false)
                    : throw new PipelineException(
                        ArtifactCodes.Immutable,
                        $"{path}: error {ArtifactCodes.Immutable}: the feed already holds {manifest.Reference} with other content; published versions never change: raise 'version'",
                        ExitCodes.StepFailed);
            }

            AtomicFile.Write(path, stream => NuGetPackageWriter.Write(stream, manifest, store), durable: true);
            return Task.FromResult(true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PipelineException(
                ArtifactCodes.PublishFailed,
                $"{path}: error {ArtifactCodes.PublishFailed}: cannot write the package ({IoErrorText.Describe(e)}); check the feed folder is writable",
                ExitCodes.StepFailed,
                e);
        }
    }

    private static string? ExistingDigest(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            using var stream = zip.GetEntry(NuGetPackageWriter.LineageEntry)?.Open();
            if (stream is null)
            {
                return null;
            }

            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return ArtifactManifestJson.Read(buffer.ToArray()).Digest.Hex;
        }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            return null;
        }
    }
}
