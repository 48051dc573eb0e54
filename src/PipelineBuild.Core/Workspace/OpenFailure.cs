namespace PipelineBuild.Core.Workspace;

/// <summary>Why creating a file failed, for writers that make its folder only when it is missing.</summary>
internal static class OpenFailure
{
    /// <summary>
    /// Whether a create (<see cref="FileMode.CreateNew"/>, <see cref="FileMode.Append"/>) failed because the file's
    /// folder was missing. .NET tells the two kinds of ENOENT apart by looking at the folder after the failed open:
    /// when another thread made the folder in between (two steps storing their first object into one new shard,
    /// or into a new store's staging folder), it throws <see cref="FileNotFoundException"/> for the file, not
    /// <see cref="DirectoryNotFoundException"/>.
    /// </summary>
    public static bool FolderWasMissing(Exception e) => e is DirectoryNotFoundException or FileNotFoundException;
}
