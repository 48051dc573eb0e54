namespace PipelineBuild.Tasks;

/// <summary>The names of the built-in tasks; the tool keeps the same list to check names without starting a host.</summary>
public static class BuiltInTasks
{
    /// <summary>Every built-in task name, in ordinal order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["data-profile", "dotnet-build", "dotnet-pack", "dotnet-test", "download", "sql-query"];
}
