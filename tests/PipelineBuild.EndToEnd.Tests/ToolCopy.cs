namespace PipelineBuild.EndToEnd.Tests;

/// <summary>
/// A copy of the built tool that any user can run: tests that run the tool as another user must
/// not depend on where the checkout is (a 0700 home or a <c>mktemp -d</c> folder the other user
/// cannot enter).
/// </summary>
internal sealed class ToolCopy : IDisposable
{
    private const UnixFileMode Traversable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private ToolCopy(string root, string toolPath)
    {
        Root = root;
        ToolPath = toolPath;
    }

    public string Root { get; }

    public string ToolPath { get; }

    public static ToolCopy Create()
    {
        var source = Path.GetDirectoryName(Path.GetFullPath(PipelineTool.ToolPath))!;
        var root = Path.Combine(Path.GetTempPath(), "pb-tool-" + Guid.NewGuid().ToString("N")[..12]);
        Copy(source, root, skip: Path.Combine(source, "linux-x64"));
        return new ToolCopy(root, Path.Combine(root, Path.GetFileName(PipelineTool.ToolPath)));
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static void Copy(string source, string target, string skip)
    {
        Directory.CreateDirectory(target);
        File.SetUnixFileMode(target, Traversable);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var copy = Path.Combine(target, Path.GetFileName(file));
            File.Copy(file, copy);
            File.SetUnixFileMode(copy, File.GetUnixFileMode(file) | UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        // The tool's own RID-specific publish output (linux-x64/ beside it) is not part of what it runs.
        foreach (var folder in Directory.EnumerateDirectories(source).Where(d => !string.Equals(d, skip, StringComparison.Ordinal)))
        {
            Copy(folder, Path.Combine(target, Path.GetFileName(folder)), skip);
        }
    }
}
