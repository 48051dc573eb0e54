namespace PipelineBuild.Docker.Images;

/// <summary>One entry of a build context archive: its path in the context, the file it is read from (null: an empty folder), and its execute bit.</summary>
public sealed record ArchiveEntry(string ContextPath, string? SourcePath, bool Executable);
