namespace PipelineBuild.Core.Workspace;

/// <summary>The workspace-relative, <c>/</c>-separated names of a listed folder's entries: its prefix plus the entry's name.</summary>
internal sealed class RelativeNames
{
    private readonly string _rootPrefix;

    public RelativeNames(WorkspaceLayout layout)
    {
        Layout = layout;
        _rootPrefix = Path.TrimEndingDirectorySeparator(layout.Root) + Path.DirectorySeparatorChar;
    }

    public WorkspaceLayout Layout { get; }

    /// <summary>What comes before an entry's name: <c>""</c> for the root, else the folder's relative path and <c>/</c>.</summary>
    public string PrefixOf(string fullFolder)
    {
        if (Path.DirectorySeparatorChar != '/')
        {
            return ByRelativePath(fullFolder);
        }

        if (fullFolder.Length == _rootPrefix.Length - 1 && _rootPrefix.AsSpan().StartsWith(fullFolder))
        {
            return string.Empty;
        }

        var inFolder = Path.TrimEndingDirectorySeparator(fullFolder);
        return inFolder.StartsWith(_rootPrefix, StringComparison.Ordinal)
            ? string.Concat(inFolder.AsSpan(_rootPrefix.Length), "/")
            : ByRelativePath(fullFolder);
    }

    private string ByRelativePath(string fullFolder)
    {
        var relative = Layout.RelativePath(fullFolder);
        return relative == "." ? string.Empty : relative + "/";
    }
}
