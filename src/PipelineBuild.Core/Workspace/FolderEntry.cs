namespace PipelineBuild.Core.Workspace;

/// <summary>
/// One entry of a listed folder: its workspace-relative path, what the entry itself is (links not followed), and, for a
/// regular file when asked, its stat read while listing (null when not read or no longer a regular file).
/// </summary>
internal readonly record struct FolderEntry(string Relative, FileKind Kind, ListedStat? Stat = null);
