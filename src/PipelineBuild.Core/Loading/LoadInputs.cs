namespace PipelineBuild.Core.Loading;

/// <summary>
/// What one load read, recorded as the loader reads it: every file (full path and the SHA-256 of the bytes
/// it parsed) and every process environment variable it looked up (its value, or absent). Together with the
/// load options and the tool's build they are everything a loaded definition depends on.
/// </summary>
public sealed class LoadInputs
{
    private readonly List<KeyValuePair<string, byte[]>> _files = [];
    private readonly SortedDictionary<string, string?> _environment = new(StringComparer.Ordinal);

    /// <summary>Files in the order they were read: full path → SHA-256 of the bytes.</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> Files => _files;

    /// <summary>Variables looked up, ordinal order: name → value, null when it was not set.</summary>
    public IReadOnlyDictionary<string, string?> Environment => _environment;

    /// <summary>
    /// Set when the loader listed the environment instead of looking names up, or read a file it could not
    /// hash: the definition then depends on more than was recorded and must not be cached.
    /// </summary>
    public bool Unbounded { get; private set; }

    public void FileRead(string path, byte[] sha256) => _files.Add(KeyValuePair.Create(Path.GetFullPath(path), sha256));

    public void VariableRead(string name, string? value) => _environment.TryAdd(name, value);

    public void MarkUnbounded() => Unbounded = true;
}
