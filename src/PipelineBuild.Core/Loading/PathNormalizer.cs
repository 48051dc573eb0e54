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

    public static bool IsGlob(string path) => path.AsSpan().IndexOfAny('*', '?', '[') >= 0;
}
