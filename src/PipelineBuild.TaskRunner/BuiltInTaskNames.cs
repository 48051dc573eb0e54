namespace PipelineBuild.TaskRunner;

/// <summary>
/// The built-in task names, known without starting a host (a test keeps this list equal to the
/// task host's catalog of PipelineBuild.Tasks).
/// </summary>
public static class BuiltInTaskNames
{
    public static IReadOnlyList<string> All { get; } = ["data-profile", "dotnet-build", "dotnet-pack", "dotnet-test", "download", "sql-query"];

    /// <summary>The built-in task that queries a database.</summary>
    public const string SqlQuery = "sql-query";

    public static bool Contains(string name) => All.Contains(name, StringComparer.Ordinal);

    /// <summary>What outside the workspace a built-in task reads (so its step runs every time), or null.</summary>
    public static string? ExternalSourceOf(string name) => string.Equals(name, SqlQuery, StringComparison.Ordinal) ? "a database" : null;
}
