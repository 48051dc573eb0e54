namespace PipelineBuild.Core.Workspace;

/// <summary>One entry of a listed folder: its workspace-relative path and what the entry itself is (links not followed).</summary>
internal readonly record struct FolderEntry(string Relative, FileKind Kind);
