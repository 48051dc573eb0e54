using Microsoft.Extensions.FileSystemGlobbing;

namespace PipelineBuild.Core.Workspace;

/// <summary>Lists workspace files under a folder or matching a glob, as sorted workspace-relative paths.</summary>
public static class WorkspaceFiles
{
    private static readonly EnumerationOptions AllFiles = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Every regular file under <paramref name="relativeFolder"/>, skipping the tool's own state and .git.</summary>
    public static List<string> UnderFolder(WorkspaceLayout layout, string relativeFolder, IReadOnlyList<string>? exclusions = null)
    {
        var excluded = Exclusions(exclusions);
        var full = relativeFolder.Length == 0 || relativeFolder == "." ? layout.Root : layout.FullPath(relativeFolder);
        var files = new List<string>();
        foreach (var path in Directory.EnumerateFiles(full, "*", AllFiles))
        {
            var relative = layout.RelativePath(path);
            if (!IsToolState(relative) && excluded?.Match(relative).HasMatches != true)
            {
                files.Add(relative);
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    public static List<string> MatchingGlob(WorkspaceLayout layout, string pattern, IReadOnlyList<string>? exclusions = null)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(pattern);
        foreach (var exclusion in exclusions ?? [])
        {
            matcher.AddExclude(exclusion);
        }

        var files = new List<string>();
        foreach (var match in matcher.GetResultsInFullPath(layout.Root))
        {
            var relative = layout.RelativePath(match);
            if (!IsToolState(relative))
            {
                files.Add(relative);
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static Matcher? Exclusions(IReadOnlyList<string>? exclusions)
    {
        if (exclusions is not { Count: > 0 })
        {
            return null;
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns([exclusions]);
        return matcher;
    }

    private static bool IsToolState(string relative) =>
        relative.StartsWith(WorkspaceLayout.StateFolderName + "/", StringComparison.Ordinal)
        || relative.StartsWith(".git/", StringComparison.Ordinal);
}
