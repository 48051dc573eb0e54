namespace PipelineBuild.Core.Graph;

/// <summary>
/// The paths a step may never declare as outputs, because the tool or git owns them and a run
/// deletes its outputs before the step starts: <c>.git</c> (at any depth), <c>.pipeline/</c> (the
/// cache, the run history, the workspace lock), the pipeline file and its lock file — or a folder
/// output that contains one of them.
/// </summary>
internal sealed class ToolOwnedPaths
{
    private readonly string[] _files;

    /// <param name="files">The pipeline file and its lock file, workspace-relative (<c>/</c>-separated); ones outside the workspace are ignored.</param>
    public ToolOwnedPaths(IEnumerable<string> files)
    {
        _files = files.Where(f => !f.StartsWith("../", StringComparison.Ordinal) && f != "..").ToArray();
    }

    public static ToolOwnedPaths Of(Model.PipelineDefinition pipeline) =>
        new(new[] { pipeline.FilePath, pipeline.LockFilePath }.Select(p =>
            Path.GetRelativePath(pipeline.WorkspaceRoot, p).Replace(Path.DirectorySeparatorChar, '/')));

    /// <summary>What the normalized output path would clobber, or null when it is the step's own.</summary>
    public string? Conflict(string normalizedOutput)
    {
        var start = 0;
        while (start <= normalizedOutput.Length)
        {
            var end = normalizedOutput.IndexOf('/', start);
            end = end < 0 ? normalizedOutput.Length : end;
            if (normalizedOutput.AsSpan(start, end - start).Equals(".git", StringComparison.OrdinalIgnoreCase))
            {
                return "is inside a git repository's own folder (.git)";
            }

            start = end + 1;
        }

        var first = normalizedOutput.IndexOf('/');
        if (normalizedOutput.AsSpan(0, first < 0 ? normalizedOutput.Length : first).Equals(Workspace.WorkspaceLayout.StateFolderName, StringComparison.OrdinalIgnoreCase))
        {
            return "is inside .pipeline/, the tool's own state (cache, run history, workspace lock)";
        }

        foreach (var file in _files)
        {
            if (file == normalizedOutput)
            {
                return file.EndsWith(".lock", StringComparison.Ordinal) ? "is the pipeline's lock file" : "is the pipeline file itself";
            }

            if (WorkspacePath.IsSameOrInside(file, normalizedOutput))
            {
                return $"is a folder that holds '{file}', which the tool owns";
            }
        }

        return null;
    }
}
