namespace PipelineBuild.Core.Artifacts.Publishing;

/// <summary>The outcome of a NuGet push.</summary>
public enum NuGetPushStatus
{
    Pushed,
    AlreadyThere,

    /// <summary>The source answered no (bad API key, invalid package).</summary>
    Refused,

    /// <summary>No answer (connection refused, DNS, timeout): the next run pushes again.</summary>
    Unreachable,
}
