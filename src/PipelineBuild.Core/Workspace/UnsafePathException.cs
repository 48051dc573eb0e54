namespace PipelineBuild.Core.Workspace;

/// <summary>
/// A path read from state (a cache entry, a tree listing, a manifest, a lineage, a remote) that
/// <see cref="PathConfinement"/> refused. An <see cref="IOException"/>, so a restore that meets one is a miss.
/// </summary>
public sealed class UnsafePathException : IOException
{
    public UnsafePathException(string path, string problem)
        : base($"the path '{Printable(path)}' {problem}")
    {
        UnsafePath = path;
        Problem = problem;
    }

    public string UnsafePath { get; }

    public string Problem { get; }

    /// <summary>The path as it can be shown: control characters (a NUL, a newline) as <c>\uXXXX</c>.</summary>
    public static string Printable(string path) =>
        string.Concat(path.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
