namespace PipelineBuild.Core.Workspace;

/// <summary>
/// The one rule for every path that comes from state (tree listings, action entries, artifact
/// manifests, lineage, a remote cache): it must be a plain relative path — no absolute path, drive or
/// UNC prefix, no empty, <c>.</c> or <c>..</c> segment, no backslash, no NUL or other control character —
/// it is resolved under the root and compared with it segment by segment, and no folder between the
/// root and it may be a symlink, so nothing written through it can land outside the root. The tool
/// writes only normal paths, so anything else is damage or an attack and is refused, never repaired.
/// </summary>
public sealed class PathConfinement
{
    private const int MaxLinkHops = 40;

    private string? _realRoot;

    public PathConfinement(string root)
    {
        Root = Path.GetFullPath(root);
    }

    /// <summary>The absolute root every resolved path stays inside.</summary>
    public string Root { get; }

    /// <summary>Why <paramref name="path"/> is not a plain relative path, or null when it is one.</summary>
    public static string? SyntaxProblem(string path)
    {
        if (path.Length == 0)
        {
            return "is empty";
        }

        if (path.Any(char.IsControl))
        {
            return "contains a NUL or another control character";
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "contains a backslash";
        }

        if (path.StartsWith('/') || Path.IsPathRooted(path) || (path.Length >= 2 && path[1] == ':'))
        {
            return "is absolute";
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return segment.Length == 0 ? "has an empty segment" : $"has a '{segment}' segment";
            }
        }

        return null;
    }

    /// <summary>Resolves <paramref name="untrustedPath"/> under the root, or says why it may not be.</summary>
    public bool TryResolve(string untrustedPath, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConfinedPath? path, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        path = null;
        problem = SyntaxProblem(untrustedPath);
        if (problem is not null)
        {
            return false;
        }

        var full = Path.GetFullPath(Path.Combine(Root, untrustedPath.Replace('/', Path.DirectorySeparatorChar)));
        if (!IsSameOrInside(full, Root) || full.Length == Root.Length)
        {
            problem = "does not resolve to a place inside " + Root;
            return false;
        }

        problem = LinkedFolderOnTheWay(untrustedPath);
        if (problem is not null)
        {
            return false;
        }

        path = new ConfinedPath(untrustedPath, full);
        return true;
    }

    /// <summary>Like <see cref="TryResolve"/>, but a refused path throws <see cref="UnsafePathException"/>.</summary>
    public ConfinedPath Resolve(string untrustedPath) =>
        TryResolve(untrustedPath, out var path, out var problem) ? path : throw new UnsafePathException(untrustedPath, problem);

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or below it, compared as whole path segments (both absolute, normalized).</summary>
    public static bool IsSameOrInside(string path, string root)
    {
        var trimmedRoot = root.Length > 1 ? root.TrimEnd(Path.DirectorySeparatorChar) : root;
        if (!path.StartsWith(trimmedRoot, StringComparison.Ordinal))
        {
            return false;
        }

        return path.Length == trimmedRoot.Length
            || path[trimmedRoot.Length] == Path.DirectorySeparatorChar
            || trimmedRoot.EndsWith(Path.DirectorySeparatorChar);
    }

    /// <summary>True when the existing file at <paramref name="fullPath"/>, every symlink on its way resolved, lies inside the root.</summary>
    public bool ResolvesInside(string fullPath)
    {
        _realRoot ??= RealPath(Root) ?? Root;
        return RealPath(fullPath) is { } real && IsSameOrInside(real, _realRoot);
    }

    /// <summary>Resolves every symlink on the way, like <c>realpath</c>; null on a link loop.</summary>
    public static string? RealPath(string absolute) => RealPath(absolute, 0);

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

    /// <summary>lstat of each existing folder between the root and the leaf: a symlinked one is refused (a link at the leaf itself is replaced, never followed, by the callers' renames).</summary>
    private string? LinkedFolderOnTheWay(string relative)
    {
        var current = Root;
        var segments = relative.Split('/');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            current = Path.Combine(current, segments[i]);
            switch (FileKinds.Of(current))
            {
                case FileKind.Missing:
                    return null;
                case FileKind.Directory:
                    continue;
                case FileKind.SymbolicLink:
                    return $"goes through the symlink '{string.Join('/', segments, 0, i + 1)}'";
                default:
                    // A file where a folder belongs: creating the folder fails later, nothing is followed.
                    return null;
            }
        }

        return null;
    }
}
