namespace PipelineBuild.Core.Graph;

/// <summary>
/// Tells whether a workspace-relative path resolves, through symlinks on disk, to a place outside the workspace.
/// Verdicts are cached per path prefix because the paths of one pipeline share most of their folders.
/// </summary>
internal sealed class WorkspaceBoundary
{
    private const int MaxLinkHops = 40;

    private readonly string _root;
    private readonly string _realRoot;
    private readonly Dictionary<string, Verdict> _verdicts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Verdict>.AlternateLookup<ReadOnlySpan<char>> _verdictsBySpan;
    private readonly Dictionary<string, FolderListing> _listings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FolderListing>.AlternateLookup<ReadOnlySpan<char>> _listingsBySpan;

    public WorkspaceBoundary(string workspaceRoot)
    {
        _root = Path.GetFullPath(workspaceRoot);
        _realRoot = RealPath(_root, 0) ?? _root;
        _verdictsBySpan = _verdicts.GetAlternateLookup<ReadOnlySpan<char>>();
        _listingsBySpan = _listings.GetAlternateLookup<ReadOnlySpan<char>>();
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
                _verdictsBySpan[prefix] = verdict;
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

        var real = RealPath(full, 0);
        return real is not null && IsInside(real, _realRoot) ? Verdict.LinkInside : Verdict.Escapes;
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

    private static bool IsInside(string path, string root) =>
        path.StartsWith(root, StringComparison.Ordinal) &&
        (path.Length == root.Length || path[root.Length] == Path.DirectorySeparatorChar ||
         root.EndsWith(Path.DirectorySeparatorChar));

    /// <summary>Resolves every symlink on the way, like <c>realpath</c>; null on a link loop.</summary>
    private static string? RealPath(string absolute, int hops)
    {
        if (hops > MaxLinkHops)
        {
            return null;
        }

        var full = Path.GetFullPath(absolute);
        var root = Path.GetPathRoot(full) ?? string.Empty;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            var resolved = Path.GetFullPath(target, current);
            var rest = string.Join(Path.DirectorySeparatorChar, parts, i + 1, parts.Length - i - 1);
            return RealPath(rest.Length == 0 ? resolved : Path.Combine(resolved, rest), hops + 1);
        }

        return current;
    }
}
