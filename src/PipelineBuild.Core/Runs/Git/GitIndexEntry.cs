namespace PipelineBuild.Core.Runs.Git;

/// <summary>One entry of git's index: the stat data git recorded when it last saw the file, and the staged blob.</summary>
/// <param name="Path">Repository-relative, <c>/</c>-separated.</param>
/// <param name="ObjectIdOffset">Where the staged blob's id is in the index (<see cref="GitIndex.ObjectIdOf"/>).</param>
/// <param name="Flags">What git needs to know beyond the stat data (conflicts, intent-to-add, skipped files).</param>
public readonly record struct GitIndexEntry(
    string Path,
    long ChangedNanoseconds,
    long ModifiedNanoseconds,
    uint Inode,
    uint Mode,
    uint Size,
    int ObjectIdOffset,
    GitIndexEntryFlags Flags);
