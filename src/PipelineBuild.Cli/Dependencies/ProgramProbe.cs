namespace PipelineBuild.Cli.Dependencies;

/// <summary>
/// Finds programs on this machine: a name through the absolute folders of <c>PATH</c> (never the workspace or a relative
/// entry), an absolute path as is; then the first line of <c>PROGRAM --version</c>. A program given
/// by an absolute path outside <c>PATH</c> is only checked for existence, never started.
/// </summary>
internal static class ProgramProbe
{
    public static ProgramDependency Probe(string name)
    {
        var path = Locate(name);
        return new ProgramDependency(name, path, path is not null && (!name.StartsWith('/') || OnPath(path)) ? Version(path) : null);
    }

    public static string? Locate(string name)
    {
        if (name.StartsWith('/'))
        {
            return IsExecutable(name) ? name : null;
        }

        return Folders().Select(folder => Path.Combine(folder, name)).FirstOrDefault(IsExecutable);
    }

    private static string? Version(string path) => ProcessOutput.FirstLine(path, ["--version"]);

    private static bool OnPath(string path) => Folders().Any(f => string.Equals(Path.GetDirectoryName(path), f, StringComparison.Ordinal));

    private static IEnumerable<string> Folders() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Where(Path.IsPathRooted).Select(f => f.TrimEnd('/'));

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
