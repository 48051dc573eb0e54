namespace PipelineBuild.Core.Model;

/// <summary>A loaded, validated pipeline file. Paths of steps are relative to <see cref="WorkspaceRoot"/>.</summary>
public sealed record PipelineDefinition
{
    public required string Name { get; init; }

    /// <summary>The pipeline file, absolute.</summary>
    public required string FilePath { get; init; }

    /// <summary>The workspace folder, absolute.</summary>
    public required string WorkspaceRoot { get; init; }

    public ParamSet Params { get; init; } = ParamSet.Empty;

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyList<ImageDefinition> Images { get; init; } = [];

    /// <summary>The .NET project holding task classes, workspace-relative.</summary>
    public string? TasksProject { get; init; }

    public IReadOnlyList<StageDefinition> Stages { get; init; } = [];

    /// <summary>Every step, matrix cells expanded, in file order.</summary>
    public IReadOnlyList<StepDefinition> Steps { get; init; } = [];

    public IReadOnlyList<ArtifactDefinition> Artifacts { get; init; } = [];

    public IReadOnlyList<ScheduleDefinition> Schedules { get; init; } = [];

    /// <summary>Top-level <c>plots:</c>: files of any step drawn in reports (not outputs themselves).</summary>
    public IReadOnlyList<PlotDefinition> Plots { get; init; } = [];

    /// <summary>The <c>cache:</c> section (a remote cache), or null.</summary>
    public CacheDefinition? Cache { get; init; }

    /// <summary><c>registry:</c>, where images built from the repo are pushed for a cluster executor (<c>host[:port][/path]</c>); null when unset.</summary>
    public string? Registry { get; init; }

    /// <summary>The lock file beside the pipeline file: <c>train.yaml</c> → <c>train.lock</c>.</summary>
    public string LockFilePath => Path.ChangeExtension(FilePath, ".lock");
}
