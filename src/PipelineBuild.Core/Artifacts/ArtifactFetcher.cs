using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Artifacts;

/// <summary>
/// Writes a version's files into a folder (<c>artifacts get -o</c>), each copied from the store's
/// objects while its digest is checked, then renamed into place. Files that already match are left.
/// </summary>
public static class ArtifactFetcher
{
    /// <returns>How many files were written.</returns>
    public static int Fetch(ArtifactStore store, ArtifactManifest manifest, string folder, bool overwrite)
    {
        var conflicts = manifest.Files
            .Where(f => File.Exists(Target(folder, f)) && FileHasher.Hash(Target(folder, f)) != f.Digest)
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
            var target = Target(folder, file);
            if (File.Exists(target) && !conflicts.Contains(file.Path))
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

    private static string Target(string folder, ArtifactFile file)
    {
        var target = Path.GetFullPath(Path.Combine(folder, file.Path.Replace('/', Path.DirectorySeparatorChar)));
        return target.StartsWith(Path.GetFullPath(folder), StringComparison.Ordinal)
            ? target
            : throw new PipelineException(ArtifactCodes.DamagedManifest, $"{file.Path}: error {ArtifactCodes.DamagedManifest}: an artifact file path leads outside the output folder; the artifact.json is damaged or hostile");
    }
}
