using PipelineBuild.Core.Execution;

namespace PipelineBuild.Core.Runs;

/// <summary>One run as <c>runs.db</c> keeps it: when, what, from which commit, with which params, and how it went.</summary>
public sealed record RunRecord
{
    public required string Id { get; init; }

    public required string Pipeline { get; init; }

    /// <summary>The pipeline file, workspace-relative and <c>/</c>-separated.</summary>
    public string? PipelineFile { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public required RunStatus Status { get; init; }

    public GitState? Git { get; init; }

    public string? ToolVersion { get; init; }

    /// <summary>Why a run that ran its steps still failed (e.g. an artifact could not be published).</summary>
    public string? Error { get; init; }

    /// <summary>Every param leaf, dotted name → value text, in ordinal order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Params { get; init; } = [];

    public IReadOnlyList<StepRecord> Steps { get; init; } = [];

    public IReadOnlyList<MetricValue> Metrics { get; init; } = [];

    public IReadOnlyList<PublishedArtifact> Artifacts { get; init; } = [];

    public TimeSpan? Duration => EndedAt - StartedAt;
}
