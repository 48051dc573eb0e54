using System.Text;

namespace PipelineBuild.Core.Runs.Git;

/// <summary>
/// Where a workspace's repository keeps its state: the work tree (the folder holding <c>.git</c>),
/// the git directory (<c>.git</c>, or what a <c>gitdir:</c> file of a linked worktree or submodule
/// names) and the common directory (shared refs and objects of linked worktrees).
/// </summary>
public sealed record GitRepositoryLocation(string WorkTree, string GitDirectory, string CommonDirectory)
{
    private const int MaxPointerFileBytes = 4096;

    /// <summary>The workspace relative to the work tree, <c>/</c>-separated; "." at the top.</summary>
    public string PathOf(string folder)
    {
        var relative = Path.GetRelativePath(WorkTree, Path.GetFullPath(folder)).Replace(Path.DirectorySeparatorChar, '/');
        return relative.Length == 0 ? "." : relative;
    }

    /// <summary>The repository holding <paramref name="workspaceRoot"/> (the nearest <c>.git</c> upwards), or null.</summary>
    public static GitRepositoryLocation? Find(string workspaceRoot)
    {
        for (var folder = Path.GetFullPath(workspaceRoot); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            var marker = Path.Combine(folder, ".git");
            if (Directory.Exists(marker))
            {
                return Describe(folder, marker);
            }

            if (File.Exists(marker))
            {
                return ReadPointer(marker, folder) is { } gitDirectory ? Describe(folder, gitDirectory) : null;
            }
        }

        return null;
    }

    private static GitRepositoryLocation? Describe(string workTree, string gitDirectory)
    {
        if (!File.Exists(Path.Combine(gitDirectory, "HEAD")))
        {
            return null;
        }

        var common = gitDirectory;
        var commonFile = Path.Combine(gitDirectory, "commondir");
        if (File.Exists(commonFile))
        {
            if (ReadSmallText(commonFile) is not { } text || text.Length == 0)
            {
                return null;
            }

            common = Path.GetFullPath(Path.Combine(gitDirectory, text));
        }

        return Directory.Exists(common) ? new GitRepositoryLocation(workTree, Path.GetFullPath(gitDirectory), common) : null;
    }

    /// <summary>A <c>.git</c> file: <c>gitdir: PATH</c>, PATH absolute or relative to the file's folder.</summary>
    private static string? ReadPointer(string file, string folder)
    {
        const string Prefix = "gitdir:";
        if (ReadSmallText(file) is not { } text || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var target = text[Prefix.Length..].Trim();
        return target.Length == 0 ? null : Path.GetFullPath(Path.Combine(folder, target));
    }

    /// <summary>The first line of a small state file, or null when it is missing, unreadable or too large to be one.</summary>
    internal static string? ReadSmallText(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            if (stream.Length > MaxPointerFileBytes)
            {
                return null;
            }

            Span<byte> buffer = stackalloc byte[MaxPointerFileBytes];
            var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var text = Encoding.UTF8.GetString(buffer[..length]);
            var end = text.IndexOfAny(['\n', '\r']);
            return (end < 0 ? text : text[..end]).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
