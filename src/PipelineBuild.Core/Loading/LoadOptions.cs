using System.Collections;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Loading;

/// <summary>What the command line adds to a pipeline file when it is loaded.</summary>
/// <param name="ParamOverrides"><c>--param k=v</c> assignments, dotted names, applied in order.</param>
/// <param name="ParamsFile"><c>--params-file</c>: a YAML map deep-merged over the defaults; relative to the current folder.</param>
/// <param name="ProcessEnvironment">Resolves <c>${{ env.X }}</c> when X is declared neither in the pipeline's nor the step's <c>env</c>.</param>
public sealed record LoadOptions(
    IReadOnlyList<string> ParamOverrides,
    string? ParamsFile,
    IReadOnlyDictionary<string, string> ProcessEnvironment)
{
    /// <summary><c>run --secret NAME</c>: environment variables that are secrets, besides those the pipeline's <c>secrets:</c> names.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary><c>run --executor</c>: replaces the pipeline's top-level <c>executor:</c>; a stage's or step's own still wins.</summary>
    public Executor? Executor { get; init; }

    /// <summary>No overrides and an empty process environment: loading depends on the file alone.</summary>
    public static LoadOptions Default { get; } = new([], null, new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Options whose <see cref="ProcessEnvironment"/> is this process's environment, as the CLI wants.</summary>
    public static LoadOptions FromProcess(IReadOnlyList<string> paramOverrides, string? paramsFile)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                environment[key] = value;
            }
        }

        return new LoadOptions(paramOverrides, paramsFile, environment);
    }
}
