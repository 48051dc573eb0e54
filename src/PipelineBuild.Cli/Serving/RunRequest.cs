namespace PipelineBuild.Cli.Serving;

/// <summary>
/// A run <c>serve</c> should make: why (one entry per trigger that asked), the steps to force (a drift
/// retrain), and whether it is only a retrain (then its own drift is not evaluated again).
/// </summary>
internal sealed record RunRequest(IReadOnlyList<string> Triggers, IReadOnlySet<string> ForceSteps, bool IsRetrain)
{
    public static RunRequest For(string trigger) => new([trigger], new HashSet<string>(StringComparer.Ordinal), false);

    /// <summary>Two requests made while a run was busy become one follow-up that satisfies both.</summary>
    public RunRequest Merge(RunRequest other) => new(
        Triggers.Concat(other.Triggers).Distinct(StringComparer.Ordinal).ToList(),
        new HashSet<string>(ForceSteps.Concat(other.ForceSteps), StringComparer.Ordinal),
        IsRetrain && other.IsRetrain);
}
