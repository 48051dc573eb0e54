namespace PipelineBuild.Core.Graph;

/// <summary>Pure string operations on workspace-relative, <c>/</c>-separated paths.</summary>
internal static class WorkspacePath
{
    /// <summary>
    /// Normalizes separators, <c>.</c> and <c>..</c> segments and a trailing <c>/</c>.
    /// Returns null when the path is rooted or climbs above the workspace.
    /// </summary>
    public static string? Normalize(string path)
    {
        if (IsRooted(path))
        {
            return null;
        }

        if (IsNormal(path))
        {
            return path;
        }

        var segments = new List<string>();
        foreach (var segment in path.Replace('\\', '/').Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return string.Join('/', segments);
    }

    /// <summary>True when <see cref="Normalize"/> would return the path unchanged; most paths are, and this allocates nothing.</summary>
    private static bool IsNormal(string path)
    {
        if (path.Length == 0 || path.EndsWith('/') || path.Contains('\\', StringComparison.Ordinal))
        {
            return path.Length == 0;
        }

        var start = 0;
        while (start <= path.Length)
        {
            var end = path.IndexOf('/', start);
            if (end < 0)
            {
                end = path.Length;
            }

            var segment = path.AsSpan(start, end - start);
            if (segment.Length == 0 || segment is "." or "..")
            {
                return false;
            }

            start = end + 1;
        }

        return true;
    }

    public static bool IsRooted(string path) =>
        path.StartsWith('/') || path.StartsWith('\\') || Path.IsPathRooted(path) ||
        (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0]));

    /// <summary>The proper ancestors of a path, nearest first: <c>a/b/c</c> → <c>a/b</c>, <c>a</c>.</summary>
    public static IEnumerable<string> Ancestors(string path)
    {
        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            yield return path[..slash];
        }
    }

    /// <summary>True when <paramref name="path"/> equals <paramref name="folder"/> or lies inside it.</summary>
    public static bool IsSameOrInside(string path, string folder) =>
        folder.Length == 0 ||
        (path.StartsWith(folder, StringComparison.Ordinal) &&
         (path.Length == folder.Length || path[folder.Length] == '/'));

    /// <summary>The segments of a glob before its first wildcard segment: <c>data/raw/**/*.csv</c> → <c>data/raw</c>.</summary>
    public static string LiteralPrefix(string glob)
    {
        var segments = glob.Split('/');
        var literal = 0;
        while (literal < segments.Length - 1 && segments[literal].IndexOfAny(['*', '?']) < 0)
        {
            literal++;
        }

        return string.Join('/', segments, 0, literal);
    }
}
