namespace PipelineBuild.Cli.Ci.Generation;

/// <summary>
/// Everything a generated CI file says, as paths relative to the repository root (<c>/</c>-separated):
/// what to run, where its state and lock file are, how to get the tool, when to run.
/// </summary>
internal sealed record CiFileSpec
{
    public required string PipelineName { get; init; }

    /// <summary>The pipeline file, from the repository root.</summary>
    public required string PipelineFile { get; init; }

    /// <summary>The file the cache key hashes: the lock file when it exists, else the pipeline file.</summary>
    public required string CacheKeyFile { get; init; }

    /// <summary>The workspace's <c>.pipeline</c> folder, from the repository root.</summary>
    public required string StateFolder { get; init; }

    /// <summary>Paths of the pipeline's <c>artifacts:</c>, uploaded after a successful run.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Artifacts { get; init; } = [];

    public IReadOnlyList<string> Schedules { get; init; } = [];

    public string Branch { get; init; } = "main";

    /// <summary><c>global.json</c> when the repository has one (setup uses it), else null.</summary>
    public string? GlobalJson { get; init; }

    public string DotnetVersion { get; init; } = "10.0.x";

    public required string ToolVersion { get; init; }

    /// <summary>An extra NuGet feed for the tool install.</summary>
    public string? ToolSource { get; init; }

    /// <summary>Build the tool from this project instead of installing it (PipelineBuild's own CI).</summary>
    public string? ToolProject { get; init; }

    /// <summary>The command that made the file, for its header.</summary>
    public required string CommandLine { get; init; }

    public string CacheKeyPrefix => $"pipelinebuild-{PipelineName}";
}
