namespace PipelineBuild.Notebooks;

/// <summary>
/// A kernel as its spec and interpreter say: <see cref="Identity"/> (<c>python3: CPython 3.11.2</c>) enters
/// the fingerprint; <see cref="Executable"/> is machine-specific and only logged.
/// </summary>
public sealed record KernelInfo(string Name, string Language, string Version, string Executable)
{
    public string Identity => Version.Length == 0 ? $"{Name}: {Language}" : $"{Name}: {Version}";
}
