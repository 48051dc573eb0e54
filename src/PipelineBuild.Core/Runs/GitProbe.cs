namespace PipelineBuild.Core.Runs;

/// <summary>Reads the git commit, branch and dirty flag of a workspace; null outside a repository or without git.</summary>
public static class GitProbe
{
    public static GitState? Read(string workspaceRoot)
    {
        if (GitCli.Run(workspaceRoot, "rev-parse", "HEAD", "--show-prefix") is not { ExitCode: 0 } head)
        {
            return null;
        }

        var lines = head.Output.Split('\n', StringSplitOptions.TrimEntries);
        if (lines.Length < 2 || lines[0].Length < 40)
        {
            return null;
        }

        var branch = GitCli.Run(workspaceRoot, "symbolic-ref", "-q", "--short", "HEAD") is { ExitCode: 0 } b ? b.Output.Trim() : null;
        var status = GitCli.Run(workspaceRoot, "status", "--porcelain", "--untracked-files=no");
        var dirty = status is not { ExitCode: 0 } || status.Value.Output.Trim().Length > 0;
        // --show-prefix: the workspace relative to the top level, as git sees it (symlinks resolved).
        var prefix = lines[1].TrimEnd('/');
        return new GitState(lines[0], string.IsNullOrEmpty(branch) ? null : branch, dirty, prefix.Length == 0 ? "." : prefix);
    }
}
