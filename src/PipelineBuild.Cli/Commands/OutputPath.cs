using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Commands;

/// <summary>
/// Checks a file or folder a user names for the tool to write (<c>--report</c>, <c>--junit</c>,
/// <c>ci generate -o</c>, <c>artifacts get -o</c>) before any work starts: its folder must exist. The
/// tool never creates folders it was not asked for — as root, a typo would create <c>/nonexistent</c>.
/// </summary>
internal static class OutputPath
{
    public const string FolderMissing = "PB1015";

    /// <summary>Throws (exit 2) unless <paramref name="path"/>'s folder exists and the path is not itself a folder.</summary>
    public static void RequireFile(string option, string? path)
    {
        if (path is null)
        {
            return;
        }

        RequireParent(option, path);
        if (Directory.Exists(path))
        {
            throw new PipelineException(
                FolderMissing,
                $"{path}: error {FolderMissing}: {option} names a folder; give a file name, e.g. {Path.Join(path, "report")}",
                ExitCodes.InvalidInput);
        }
    }

    /// <summary>Throws (exit 2) unless the folder that holds <paramref name="path"/> exists.</summary>
    public static void RequireParent(string option, string path)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(path.TrimEnd('/')));
        if (parent is not null && !Directory.Exists(parent))
        {
            throw new PipelineException(
                FolderMissing,
                $"{path}: error {FolderMissing}: the folder {parent} of {option} does not exist; create it first (mkdir -p {parent}) or choose another path",
                ExitCodes.InvalidInput);
        }
    }
}
