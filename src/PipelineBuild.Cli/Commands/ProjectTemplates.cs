namespace PipelineBuild.Cli.Commands;

/// <summary>
/// The project templates embedded in the tool (the repository's <c>templates/&lt;name&gt;/</c>, less the
/// <c>dotnet new</c> metadata): their names, what they make, and their files.
/// </summary>
internal static class ProjectTemplates
{
    /// <summary>The placeholder every template uses for the pipeline's name (also <c>dotnet new</c>'s sourceName).</summary>
    public const string NamePlaceholder = "pipeline-name";

    private const string Prefix = "templates/";

    public static IReadOnlyList<(string Name, string Description)> All { get; } =
    [
        ("python", "Python scripts: split, train, evaluate (needs python3)"),
        ("notebook", "Jupyter notebooks: fetch from a database (SQLite, or PostgreSQL via DB_URL), train, evaluate (needs Jupyter)"),
        ("dotnet", "C# classes as .NET tasks: split, train, evaluate (needs the .NET SDK and the PipelineBuild.Sdk package)"),
        ("container", "shell scripts in a container built from docker/Dockerfile: split, train, evaluate (needs Docker)"),
    ];

    public static bool Exists(string name) => All.Any(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    /// <summary>The template's files: path relative to the project, and the embedded resource holding it.</summary>
    public static IEnumerable<(string Path, string Resource)> Files(string template)
    {
        var prefix = $"{Prefix}{template}/";
        return typeof(ProjectTemplates).Assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(r => (r[prefix.Length..], r));
    }

    public static Stream Open(string resource) =>
        typeof(ProjectTemplates).Assembly.GetManifestResourceStream(resource) ?? throw new InvalidOperationException($"{resource} is not embedded");
}
