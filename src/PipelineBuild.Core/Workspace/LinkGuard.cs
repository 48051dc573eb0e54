namespace PipelineBuild.Core.Workspace;

/// <summary>
/// Tells whether a workspace file is reached through a symlink that leads outside the workspace
/// (the file itself or a folder on its way). Folder verdicts are remembered, so checking every file of
/// a listing costs one lstat per file plus one per folder.
/// </summary>
internal sealed class LinkGuard
{
    private readonly PathConfinement _workspace;
    private readonly Dictionary<string, bool> _folderEscapes = new(StringComparer.Ordinal);

    public LinkGuard(WorkspaceLayout layout)
    {
        _workspace = new PathConfinement(layout.Root);
    }

    /// <summary>Throws <see cref="LinkOutsideWorkspaceException"/> when <paramref name="relativePath"/> leads outside.</summary>
    public void Check(string relativePath)
    {
        for (var slash = relativePath.IndexOf('/'); slash > 0; slash = relativePath.IndexOf('/', slash + 1))
        {
            var folder = relativePath[..slash];
            if (!_folderEscapes.TryGetValue(folder, out var escapes))
            {
                escapes = Escapes(folder);
                _folderEscapes[folder] = escapes;
            }

            if (escapes)
            {
                throw new LinkOutsideWorkspaceException(folder);
            }
        }

        if (Escapes(relativePath))
        {
            throw new LinkOutsideWorkspaceException(relativePath);
        }
    }

    /// <summary>True when the entry is a symlink whose target, fully resolved, is not inside the workspace.</summary>
    public bool Escapes(string relativePath)
    {
        var full = Path.Combine(_workspace.Root, relativePath.Replace('/', Path.DirectorySeparatorChar));
        return FileKinds.Of(full) == FileKind.SymbolicLink && !_workspace.ResolvesInside(full);
    }
}
