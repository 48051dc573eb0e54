using System.IO.Enumeration;

namespace PipelineBuild.Core.Workspace;

/// <summary>The workspace-relative, <c>/</c>-separated path of a listed entry, made as one string (no full path first).</summary>
internal sealed class RelativeNames
{
    private readonly string _rootPrefix;

    public RelativeNames(WorkspaceLayout layout)
    {
        Layout = layout;
        _rootPrefix = Path.TrimEndingDirectorySeparator(layout.Root) + Path.DirectorySeparatorChar;
    }

    public WorkspaceLayout Layout { get; }

    public string Of(ref FileSystemEntry entry)
    {
        var folder = entry.Directory;
        if (Path.DirectorySeparatorChar != '/')
        {
            return Layout.RelativePath(entry.ToFullPath());
        }

        if (folder.Length == _rootPrefix.Length - 1 && _rootPrefix.AsSpan().StartsWith(folder))
        {
            return entry.FileName.ToString(); // a file of the root itself
        }

        var inFolder = Path.TrimEndingDirectorySeparator(folder);
        return inFolder.StartsWith(_rootPrefix, StringComparison.Ordinal)
            ? string.Concat(inFolder[_rootPrefix.Length..], "/", entry.FileName)
            : Layout.RelativePath(entry.ToFullPath());
    }
}
