namespace PipelineBuild.TaskRunner;

/// <summary>
/// The built-in task names, known without starting a host (a test keeps this list equal to the
/// task host's catalog of PipelineBuild.Tasks).
/// </summary>
public static class BuiltInTaskNames
{
    public static IReadOnlyList<string> All { get; } = ["data-profile", "dotnet-build", "dotnet-pack", "dotnet-test", "download"];

    public static bool Contains(string name) => All.Contains(name, StringComparer.Ordinal);
}
