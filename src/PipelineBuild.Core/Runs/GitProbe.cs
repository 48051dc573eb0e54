namespace PipelineBuild.Core.Runs;

/// <summary>Reads the git commit, branch and dirty flag of a workspace; null outside a repository or without git.</summary>
public static class GitProbe
{
    public static GitState? Read(string workspaceRoot)
    {
        // One process for all three (every run pays for it): "# branch.oid", "# branch.head", then changes.
        if (GitCli.Run(workspaceRoot, "status", "--porcelain=v2", "--branch", "--untracked-files=no") is not { ExitCode: 0 } status)
        {
            return null;
        }

        string? commit = null;
        string? branch = null;
        var dirty = false;
        foreach (var line in status.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# branch.oid ", StringComparison.Ordinal))
            {
                commit = line["# branch.oid ".Length..].Trim();
            }
            else if (line.StartsWith("# branch.head ", StringComparison.Ordinal))
            {
                branch = line["# branch.head ".Length..].Trim();
            }
            else if (!line.StartsWith('#'))
            {
                dirty = true;
            }
        }

        // "(initial)" before the first commit: no commit to record.
        if (commit is null || commit.Length < 40)
        {
            return null;
        }

        return new GitState(commit, branch is null or "(detached)" ? null : branch, dirty, PathInRepository(workspaceRoot));
    }

    /// <summary>The workspace relative to the repository's top level: the nearest folder upwards holding <c>.git</c>.</summary>
    private static string PathInRepository(string workspaceRoot)
    {
        var root = Path.GetFullPath(workspaceRoot);
        for (var folder = root; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            var marker = Path.Combine(folder, ".git");
            if (Directory.Exists(marker) || File.Exists(marker))
            {
                var relative = Path.GetRelativePath(folder, root).Replace(Path.DirectorySeparatorChar, '/');
                return relative.Length == 0 ? "." : relative;
            }
        }

        return ".";
    }
}
