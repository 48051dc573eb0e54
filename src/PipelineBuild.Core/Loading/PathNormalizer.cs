namespace PipelineBuild.Core.Loading;

/// <summary>
/// Normalizes paths as written to the stored form: <c>/</c>-separated, <c>.</c> and <c>x/..</c> collapsed,
/// trailing <c>/</c> removed (and reported as a folder). Paths leaving the workspace are kept, normalized:
/// the graph validator reports them.
/// </summary>
internal static class PathNormalizer
{
    public static string Normalize(string path, out bool isFolder)
    {
        if (IsNormal(path))
        {
            isFolder = false;
            return path;
        }

        var text = path.Trim().Replace('\\', '/');
        isFolder = text.Length > 1 && text.EndsWith('/');
        var absolute = text.StartsWith('/');
        var parts = new List<string>();
        foreach (var part in text.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".." || !absolute)
            {
                parts.Add(part);
            }
        }

        var joined = string.Join('/', parts);
        if (absolute)
        {
            return "/" + joined;
        }

        return joined.Length == 0 ? "." : joined;
    }

    public static string Normalize(string path) => Normalize(path, out _);

    /// <summary>
    /// True when <see cref="Normalize(string, out bool)"/> would return the path unchanged: relative, no
    /// <c>\</c>, no surrounding spaces, no empty, <c>.</c> or <c>..</c> segment. Most paths are, and this allocates nothing.
    /// </summary>
    private static bool IsNormal(string path)
    {
        if (path.Length == 0 || char.IsWhiteSpace(path[0]) || char.IsWhiteSpace(path[^1]) || path.Contains('\\', StringComparison.Ordinal))
        {
            return false;
        }

        var rest = path.AsSpan();
        while (true)
        {
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            if (segment.Length == 0 || segment is "." or "..")
            {
                return false;
            }

            if (slash < 0)
            {
                return true;
            }

            rest = rest[(slash + 1)..];
        }
    }

    public static bool IsGlob(string path) => path.AsSpan().IndexOfAny('*', '?', '[') >= 0;
}
