namespace PipelineBuild.Core.Sessions;

/// <summary>
/// What a session takes from the world instead of reading it deep inside: the tool's version, the
/// environment variables (params from <c>PIPELINE_PARAM_*</c>, API keys of publish targets) and the
/// processor count that sets default parallelism.
/// </summary>
public sealed record SessionEnvironment(string ToolVersion, Func<string, string?> Variables, int ProcessorCount)
{
    /// <summary>Pushes artifacts to NuGet sources given by URL; none: such targets fail with what to do.</summary>
    public Artifacts.Publishing.INuGetPusher? NuGetPusher { get; init; }

    /// <summary>The environment of this process.</summary>
    public static SessionEnvironment FromProcess(string toolVersion) =>
        new(toolVersion, Environment.GetEnvironmentVariable, Environment.ProcessorCount);
}
