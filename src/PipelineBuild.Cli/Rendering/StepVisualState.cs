namespace PipelineBuild.Cli.Rendering;

/// <summary>How <c>graph --format dot</c> colours a step.</summary>
internal enum StepVisualState
{
    UpToDate,
    WouldRun,

    /// <summary>Failed in the last recorded run, and not up to date since.</summary>
    Failed,
}
