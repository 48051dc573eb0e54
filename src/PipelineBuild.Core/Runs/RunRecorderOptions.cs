namespace PipelineBuild.Core.Runs;

/// <summary>What the recorder needs from the tool: its version, where warnings go, and how publishing reaches remote targets.</summary>
public sealed record RunRecorderOptions(string ToolVersion, Action<string> Warning)
{
    /// <summary>Environment for publish targets (API keys); the process environment when null.</summary>
    public Func<string, string?> GetEnvironment { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>
    /// The experiment a run is (<c>exp run</c>): the run is tagged with it, saved to <see cref="RunsDatabase"/>
    /// (the user's workspace, not the experiment's copy) and publishes no artifacts.
    /// </summary>
    public string? Experiment { get; init; }

    /// <summary>Where the run is saved; the workspace's <c>runs.db</c> when null.</summary>
    public string? RunsDatabase { get; init; }

    /// <summary>The git index read early for the record's dirty check (<see cref="Git.GitIndexPreload"/>); null: read then.</summary>
    public Git.GitIndexPreload? GitIndex { get; init; }
}
