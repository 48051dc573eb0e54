namespace PipelineBuild.Core.Workspace;

/// <summary>What a directory entry is, read without following a symlink (lstat).</summary>
public enum FileKind
{
    Missing,
    RegularFile,
    Directory,
    SymbolicLink,

    /// <summary>A FIFO, socket or device: reading one can block forever, so state never reads it.</summary>
    Special,
}
