namespace PipelineBuild.Core.Workspace;

/// <summary>
/// A file the tool was about to read (inside an input folder, a glob match, an output) is a symlink, or
/// lies below one, that leads outside the workspace: reading it would fingerprint or store a file the
/// pipeline does not own (<c>/etc/passwd</c>, a home folder). Callers turn it into their coded error.
/// </summary>
public sealed class LinkOutsideWorkspaceException : IOException
{
    public LinkOutsideWorkspaceException(string relativePath)
        : base($"'{UnsafePathException.Printable(relativePath)}' is a symlink to a place outside the workspace")
    {
        RelativePath = relativePath;
    }

    /// <summary>The workspace-relative path of the link.</summary>
    public string RelativePath { get; }
}
