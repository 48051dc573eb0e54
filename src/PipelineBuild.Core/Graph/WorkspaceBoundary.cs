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

    public WorkspaceBoundary(string workspaceRoot)
    {
        _root = Path.GetFullPath(workspaceRoot);
        _realRoot = RealPath(_root, 0) ?? _root;
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
            var prefix = normalizedPath[..prefixEnd];
            if (!_verdicts.TryGetValue(prefix, out var verdict))
            {
                verdict = CheckOne(prefix);
                _verdicts[prefix] = verdict;
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

    private enum Verdict
    {
        Inside,
        Missing,
        Escapes,
    }

    private Verdict CheckOne(string prefix)
    {
        var full = Path.Combine(_root, prefix.Replace('/', Path.DirectorySeparatorChar));
        var attributes = new FileInfo(full).Attributes;
        if ((int)attributes == -1)
        {
            return Verdict.Missing;
        }

        if ((attributes & FileAttributes.ReparsePoint) == 0)
        {
            return Verdict.Inside;
        }

        var real = RealPath(full, 0);
        return real is not null && IsInside(real, _realRoot) ? Verdict.Inside : Verdict.Escapes;
    }

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
