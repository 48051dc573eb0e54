namespace PipelineBuild.Cli.Pictures;

/// <summary>Error codes of the pages and the <c>ui</c> (PB1050–PB1069; docs/error-codes.md).</summary>
internal static class PictureCodes
{
    /// <summary><c>compare --json</c> with more than two runs.</summary>
    public const string JsonOfTwoRuns = "PB1050";

    /// <summary><c>ui --host</c> off localhost without a token.</summary>
    public const string UiNeedsToken = "PB1051";

    /// <summary><c>ui</c> cannot listen on the address.</summary>
    public const string UiPortUnavailable = "PB1052";

    /// <summary><c>plots</c> without a pipeline file to read the plots from.</summary>
    public const string NoPipelineForPlots = "PB1053";

    /// <summary><c>run --html</c>: the run was not recorded or the page could not be written (a warning).</summary>
    public const string RunNotRecorded = "PB1054";
}
