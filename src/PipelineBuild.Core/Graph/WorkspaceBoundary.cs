using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Graph;

/// <summary>
/// Tells whether a workspace-relative path resolves, through symlinks on disk, to a place outside the workspace.
/// Verdicts are cached per path prefix because the paths of one pipeline share most of their folders.
/// </summary>
internal sealed class WorkspaceBoundary : IDisposable
{
    private readonly string _root;
    private readonly string _realRoot;
    private readonly Dictionary<string, Verdict> _verdicts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Verdict>.AlternateLookup<ReadOnlySpan<char>> _verdictsBySpan;
    private readonly Dictionary<string, FolderListing> _listings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FolderListing>.AlternateLookup<ReadOnlySpan<char>> _listingsBySpan;

    public WorkspaceBoundary(string workspaceRoot)
    {
        _root = Path.GetFullPath(workspaceRoot);
        _realRoot = PathConfinement.RealPath(_root) ?? _root;
        _verdictsBySpan = _verdicts.GetAlternateLookup<ReadOnlySpan<char>>();
        _listingsBySpan = _listings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Ends the folder scans still open.</summary>
    public void Dispose()
    {
        foreach (var listing in _listings.Values)
        {
            listing.Dispose();
        }
    }

    /// <summary>True when the path, or one of its folders, is a symlink that points outside the workspace.</summary>
    public bool EscapesThroughLink(string normalizedPath)
    {
        if (normalizedPath.Length == 0)
        {
            return false;
        }

        var prefixEnd = 0;
        while (prefixEnd < normalizedPath.Length)
        {
            var slash = normalizedPath.IndexOf('/', prefixEnd);
            prefixEnd = slash < 0 ? normalizedPath.Length : slash;
            var prefix = normalizedPath.AsSpan(0, prefixEnd);
            if (!_verdictsBySpan.TryGetValue(prefix, out var verdict))
            {
                verdict = CheckOne(prefix);
                // The whole path is kept under its own string; a span key would be copied into a new one.
                if (prefixEnd == normalizedPath.Length)
                {
                    _verdicts[normalizedPath] = verdict;
                }
                else
                {
                    _verdictsBySpan[prefix] = verdict;
                }
            }

            switch (verdict)
            {
                case Verdict.Escapes:
                    return true;
                case Verdict.Missing:
                    // Nothing below a missing entry exists, so nothing below can be a link.
                    return false;
            }

            prefixEnd++;
        }

        return false;
    }

    /// <summary>
    /// True when an earlier <see cref="EscapesThroughLink"/> found this very path on disk, and not as a link:
    /// it exists, whatever it is. False means unknown, not missing.
    /// </summary>
    public bool WasFoundAsPlainEntry(string normalizedPath) =>
        _verdicts.TryGetValue(normalizedPath, out var verdict) && verdict == Verdict.Plain;

    private enum Verdict
    {
        /// <summary>Exists and is not a symlink.</summary>
        Plain,

        /// <summary>A symlink that resolves inside the workspace.</summary>
        LinkInside,
        Missing,
        Escapes,
    }

    private Verdict CheckOne(ReadOnlySpan<char> prefix)
    {
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? [] : prefix[..slash];
        if (Listing(folder).HasPlainEntry(prefix[(slash + 1)..]))
        {
            return Verdict.Plain;
        }

        var full = FullPath(prefix);
        var attributes = new FileInfo(full).Attributes;
        if ((int)attributes == -1)
        {
            return Verdict.Missing;
        }

        if ((attributes & FileAttributes.ReparsePoint) == 0)
        {
            return Verdict.Plain;
        }

        var real = PathConfinement.RealPath(full);
        return real is not null && PathConfinement.IsSameOrInside(real, _realRoot) ? Verdict.LinkInside : Verdict.Escapes;
    }

    private FolderListing Listing(ReadOnlySpan<char> folder)
    {
        if (!_listingsBySpan.TryGetValue(folder, out var listing))
        {
            listing = new FolderListing(FullPath(folder));
            _listingsBySpan[folder] = listing;
        }

        return listing;
    }

    private string FullPath(ReadOnlySpan<char> relative) =>
        relative.Length == 0 ? _root : Path.Combine(_root, relative.ToString().Replace('/', Path.DirectorySeparatorChar));
}
