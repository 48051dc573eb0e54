namespace PipelineBuild.Core.Workspace;

/// <summary>
/// What identifies a folder's entries without reading them: adding, removing or renaming an entry changes the folder's
/// mtime and ctime, and ctime cannot be set back (<see cref="IFolderListings"/>).
/// </summary>
public readonly record struct FolderStat(ulong Device, ulong Inode, long ModifiedNanoseconds, long ChangedNanoseconds);
