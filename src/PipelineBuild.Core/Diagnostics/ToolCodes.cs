namespace PipelineBuild.Core.Diagnostics;

/// <summary>The stable PB1xxx codes of the command line and the workspace; indexed in docs/error-codes.md.</summary>
public static class ToolCodes
{
    /// <summary>The command line does not parse.</summary>
    public const string BadCommandLine = "PB1001";

    /// <summary><c>--no-wait</c> and another run holds the workspace.</summary>
    public const string WorkspaceBusy = "PB1003";

    /// <summary>The pipeline file does not exist.</summary>
    public const string PipelineFileMissing = "PB1004";

    /// <summary>A count option (<c>--jobs</c>, <c>--limit</c>) below 1.</summary>
    public const string BadCount = "PB1005";

    /// <summary>The <c>--report</c> file cannot be written.</summary>
    public const string ReportNotWritten = "PB1006";
}
