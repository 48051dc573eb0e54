namespace PipelineBuild.Core.Workspace;

/// <summary>
/// Size, mtime, ctime (nanoseconds) and inode of a regular file, read by <c>statx</c> while its folder was listed, so
/// that the file need not be stat'ed again by path.
/// </summary>
public readonly record struct ListedStat(long Size, long ModifiedNanoseconds, long ChangedNanoseconds, ulong Inode);
