namespace PipelineBuild.Cli.Ci;

/// <summary>Finds the CI system: <c>--ci</c> when given, else <c>GITHUB_ACTIONS=true</c> or <c>TF_BUILD=True</c>.</summary>
internal static class CiProviders
{
    public static readonly string[] Names = ["auto", "github", "azure", "none"];

    public static CiKind Detect(string? forced, CiEnvironment environment) => forced switch
    {
        "github" => CiKind.GitHub,
        "azure" => CiKind.Azure,
        "none" => CiKind.None,
        _ when string.Equals(environment["GITHUB_ACTIONS"], "true", StringComparison.OrdinalIgnoreCase) => CiKind.GitHub,
        _ when string.Equals(environment["TF_BUILD"], "true", StringComparison.OrdinalIgnoreCase) => CiKind.Azure,
        _ => CiKind.None,
    };

    /// <summary>
    /// Whether the tool runs in a CI job: one of a system it knows (<see cref="Detect"/>: GitHub Actions, Azure Pipelines,
    /// which need not set <c>CI</c>), or of any system that sets <c>CI=true</c> (GitLab, CircleCI…).
    /// </summary>
    public static bool InCi(CiEnvironment environment) =>
        Detect(null, environment) != CiKind.None
        || string.Equals(environment["CI"]?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The provider for a CI system; null for none (plain or live console output).</summary>
    public static ICiProvider? Create(CiKind kind, CiEnvironment environment) => kind switch
    {
        CiKind.GitHub => new GitHubActions(environment),
        CiKind.Azure => new AzurePipelines(environment),
        _ => null,
    };

    public static ICiProvider? Create(string? forced, CiEnvironment environment) => Create(Detect(forced, environment), environment);
}
