namespace PipelineBuild.Core.Runs;

/// <summary>What the recorder needs from the tool: its version, where warnings go, and how publishing reaches remote targets.</summary>
public sealed record RunRecorderOptions(string ToolVersion, Action<string> Warning)
{
    /// <summary>Environment for publish targets (API keys); the process environment when null.</summary>
    public Func<string, string?> GetEnvironment { get; init; } = Environment.GetEnvironmentVariable;
}
