namespace PipelineBuild.Core.Execution;

/// <summary>
/// Whether the environment a host step gets would make bash do something before running a simple command: read a
/// file (<c>BASH_ENV</c>), define functions (exported <c>BASH_FUNC_…</c>), turn on options such as xtrace
/// (<c>SHELLOPTS</c>, <c>BASHOPTS</c>), or look programs up on a <c>PATH</c> the step sets (posix_spawnp searches the
/// tool's own).
/// </summary>
internal static class BashEnvironment
{
    private static readonly Lazy<bool> InheritedChanges = new(() =>
        Environment.GetEnvironmentVariables().Keys.OfType<string>().Any(ChangesBash));

    public static bool Changes(IReadOnlyDictionary<string, string> stepEnvironment) =>
        InheritedChanges.Value || stepEnvironment.Keys.Any(name => ChangesBash(name) || name == "PATH");

    private static bool ChangesBash(string name) =>
        name is "BASH_ENV" or "SHELLOPTS" or "BASHOPTS" || name.StartsWith("BASH_FUNC_", StringComparison.Ordinal);
}
