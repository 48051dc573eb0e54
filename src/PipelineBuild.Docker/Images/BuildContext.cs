using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Docker.Images;

/// <summary>
/// The files of an image's build context (its folder in the repo, less <c>.dockerignore</c>), and the
/// hash that names the image: paths, contents, executable bits and the Dockerfile's name. The same
/// context gives the same hash on every machine; file digests come from the run's stat cache.
/// </summary>
public sealed record BuildContext(string Folder, string Dockerfile, IReadOnlyList<ContextFile> Files, ContentDigest Hash)
{
    private const int HashFormat = 1;

    public static BuildContext Read(ImageDefinition image, WorkspaceLayout layout, FileDigests digests)
    {
        var relativeFolder = image.BuildContext ?? throw new ArgumentException($"image '{image.Name}' is not built from a context", nameof(image));
        var folder = layout.FullPath(relativeFolder);
        var dockerfile = (image.Dockerfile ?? "Dockerfile").Replace('\\', '/');
        if (!Directory.Exists(folder))
        {
            throw new PipelineException(PipelineDiagnostic.Error(DockerCodes.BuildContextMissing, image.Location, $"the build context '{relativeFolder}' of image '{image.Name}' does not exist", "create it with a Dockerfile, or fix 'build:'"));
        }

        if (!File.Exists(Path.Combine(folder, dockerfile)))
        {
            throw new PipelineException(PipelineDiagnostic.Error(DockerCodes.BuildContextMissing, image.Location, $"image '{image.Name}' has no Dockerfile at '{relativeFolder}/{dockerfile}'", "add one, or name it with 'dockerfile:'"));
        }

        var ignore = DockerIgnore.Load(folder);
        var prefix = relativeFolder is "." or "" ? "" : relativeFolder.TrimEnd('/') + "/";
        var files = new List<ContextFile>();
        var workspacePaths = new List<string>();
        foreach (var path in WorkspaceFiles.UnderFolder(layout, relativeFolder))
        {
            var inContext = path[prefix.Length..];
            if (inContext == dockerfile || inContext == ".dockerignore" || !ignore.IsExcluded(inContext))
            {
                files.Add(new ContextFile(inContext, path, IsExecutable(layout.FullPath(path))));
                workspacePaths.Add(path);
            }
        }

        var fileDigests = digests.GetAll(workspacePaths);
        using var hash = new FingerprintBuilder(HashFormat).Add("dockerfile", dockerfile);
        for (var i = 0; i < files.Count; i++)
        {
            hash.Add("path", files[i].ContextPath).Add("content", fileDigests[i]).Add("executable", files[i].Executable ? 1 : 0);
        }

        return new BuildContext(folder, dockerfile, files, hash.BuildDigest());
    }

    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;
}

/// <summary>A file of a build context: its path inside the context and in the workspace.</summary>
public sealed record ContextFile(string ContextPath, string WorkspacePath, bool Executable);
