
namespace PipelineBuild.Core.Runs;

/// <summary>
/// What the metrics of one pipeline are made from: counters over its whole history in <c>runs.db</c>
/// (so they only grow, across processes and restarts) and its latest run.
/// </summary>
public sealed record PipelineHistory(
    string Pipeline,
    IReadOnlyDictionary<string, long> RunsByStatus,
    IReadOnlyDictionary<string, long> StepsByState,
    DateTimeOffset? LastSuccessAt,
    RunRecord? LatestRun)
{
    public static PipelineHistory Empty(string pipeline) =>
        new(pipeline, new Dictionary<string, long>(StringComparer.Ordinal), new Dictionary<string, long>(StringComparer.Ordinal), null, null);

    /// <summary>Reads the history of <paramref name="pipeline"/> from a workspace's <c>runs.db</c>; empty when there is none.</summary>
    public static PipelineHistory Read(string runsDatabase, string pipeline)
    {
        using var store = RunStore.OpenExisting(runsDatabase);
        return store is null ? Empty(pipeline) : store.History(pipeline);
    }
}
