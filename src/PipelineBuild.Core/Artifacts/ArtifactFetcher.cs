using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Artifacts;

/// <summary>
/// Writes a version's files into a folder (<c>artifacts get -o</c>), each copied from the store's
/// objects while its digest is checked, then renamed into place. Files that already match are left.
/// Every path of the manifest is confined to the folder before anything is written.
/// </summary>
public static class ArtifactFetcher
{
    /// <returns>How many files were written.</returns>
    public static int Fetch(ArtifactStore store, ArtifactManifest manifest, string folder, bool overwrite)
    {
        var confinement = new PathConfinement(folder);
        var targets = manifest.Files.ToDictionary(f => f, f => Target(confinement, manifest, f));
        var conflicts = manifest.Files
            .Where(f => FileKinds.Of(targets[f]) != FileKind.Missing && !HasContent(targets[f], f.Digest))
            .Select(f => f.Path)
            .ToList();
        if (conflicts.Count > 0 && !overwrite)
        {
            throw new PipelineException(
                ArtifactCodes.OutputConflict,
                $"{folder}: error {ArtifactCodes.OutputConflict}: {conflicts.Count} file(s) exist with other content ({string.Join(", ", conflicts.Take(5))}); choose an empty folder, or pass --force to overwrite them");
        }

        var written = 0;
        foreach (var file in manifest.Files)
        {
            var target = Target(confinement, manifest, file);
            if (FileKinds.Of(target) != FileKind.Missing && !conflicts.Contains(file.Path))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temp = Workspace.AtomicFile.TempPathBeside(target);
            if (!store.Objects.TryCopyVerified(file.Digest, temp))
            {
                throw new PipelineException(
                    ArtifactCodes.NotFound,
                    $"{store.Objects.ObjectPath(file.Digest)}: error {ArtifactCodes.NotFound}: the content of '{file.Path}' of {manifest.Reference} is missing or damaged in the store; publish the version again from its run (dotnet pipeline reproduce {manifest.Reference})",
                    ExitCodes.StepFailed);
            }

            File.Move(temp, target, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            written++;
        }

        return written;
    }

    /// <summary>True when a regular file (not a link to one) holds exactly this content.</summary>
    private static bool HasContent(string path, ContentDigest digest) =>
        FileKinds.Of(path) == FileKind.RegularFile && FileHasher.Hash(path) == digest;

    private static string Target(PathConfinement folder, ArtifactManifest manifest, ArtifactFile file) =>
        folder.TryResolve(file.Path, out var target, out var problem)
            ? target.FullPath
            : throw new PipelineException(
                ArtifactCodes.UnsafePath,
                $"{folder.Root}: error {ArtifactCodes.UnsafePath}: {manifest.Reference} names the file '{UnsafePathException.Printable(file.Path)}', which {problem}; its artifact.json is damaged or hostile and nothing was written; publish the version again from its run");
}
