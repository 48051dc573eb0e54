namespace PipelineBuild.Core.Workspace;

/// <summary>
/// Folder listings remembered from earlier runs (git's untracked cache): a folder whose own stat is what it was when it
/// was listed has the same entries, so it is not read again. Keyed by the folder's workspace-relative path ("" for the
/// root); entries are kept with their kind (links not followed), so links are still checked and followed as when read.
/// </summary>
internal interface IFolderListings
{
    /// <summary>"Now" on the listings' clock (Unix nanoseconds), read before a folder is opened to be listed.</summary>
    long Now();

    /// <summary>
    /// Adds to <paramref name="entries"/> the entries <paramref name="relativeFolder"/> had when it was listed with the
    /// same <paramref name="stat"/>, each named <paramref name="prefix"/> + its name; false (nothing added) otherwise.
    /// </summary>
    bool TryReplay(string relativeFolder, FolderStat stat, string prefix, List<FolderEntry> entries);

    /// <summary>
    /// The same without the folder's stat, for a folder a change journal vouches has not changed since its listing was
    /// remembered; false (nothing added) when none does.
    /// </summary>
    bool TryReplayUnchanged(string relativeFolder, string prefix, List<FolderEntry> entries) => false;

    /// <summary>
    /// Remembers what a folder listing gave: <paramref name="stat"/> is the opened folder's, taken before its entries
    /// were read, <paramref name="listedAt"/> a <see cref="Now"/> from before it was opened. A folder changed too
    /// shortly before that for its timestamps to tell a later change apart is not remembered.
    /// </summary>
    void Record(string relativeFolder, FolderStat stat, long listedAt, List<FolderEntry> entries, int prefixLength);
}
