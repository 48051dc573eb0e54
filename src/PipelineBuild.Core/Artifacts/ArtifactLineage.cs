using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Core.Artifacts;

/// <summary>What made an artifact version: the run, its source, params, metrics, steps and inputs.</summary>
public sealed record ArtifactLineage
{
    public required string RunId { get; init; }

    public required string Pipeline { get; init; }

    /// <summary>The pipeline file, workspace-relative, and its digest (its content is kept in the store).</summary>
    public required string PipelineFile { get; init; }

    public required ContentDigest PipelineFileDigest { get; init; }

    public GitState? Git { get; init; }

    public string? ToolVersion { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Params { get; init; } = [];

    public IReadOnlyList<MetricValue> Metrics { get; init; } = [];

    /// <summary>The steps that produced the artifact and everything upstream of them, in graph order.</summary>
    public IReadOnlyList<StepLineage> Steps { get; init; } = [];

    /// <summary>Every source file those steps read (not produced by a step), workspace-relative → digest.</summary>
    public IReadOnlyDictionary<string, ContentDigest> Inputs { get; init; } = new Dictionary<string, ContentDigest>(StringComparer.Ordinal);

    /// <summary>Image name → image content id, for container steps.</summary>
    public IReadOnlyDictionary<string, string> Images { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Other artifacts (<c>name@version</c>) whose files the steps read.</summary>
    public IReadOnlyList<string> Upstream { get; init; } = [];
}
