namespace PipelineBuild.Cli.Ci;

/// <summary>
/// What the CI providers read from the process: variables and the current folder. A value, so that
/// tests can give any environment without changing the test process's own.
/// </summary>
internal sealed record CiEnvironment(IReadOnlyDictionary<string, string> Variables, string CurrentDirectory)
{
    public static CiEnvironment FromProcess()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                variables[name] = value;
            }
        }

        return new CiEnvironment(variables, Directory.GetCurrentDirectory());
    }

    public string? this[string name] => Variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>
    /// A path as the CI system wants it in annotations: relative to <paramref name="rootVariable"/>
    /// (the checkout folder) when the file lies inside it, <c>/</c>-separated; otherwise absolute.
    /// </summary>
    public string SourcePath(string file, string rootVariable)
    {
        var full = Path.GetFullPath(file, CurrentDirectory);
        var root = this[rootVariable] is { } configured ? Path.GetFullPath(configured, CurrentDirectory) : CurrentDirectory;
        var relative = Path.GetRelativePath(root, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? full.Replace(Path.DirectorySeparatorChar, '/')
            : relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
