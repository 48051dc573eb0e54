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

    /// <summary>A <c>PIPELINEBUILD_*</c> setting in the environment has a value the tool does not accept.</summary>
    public const string BadSetting = "PB1007";

    /// <summary>The <c>--report</c> file cannot be written.</summary>
    public const string ReportNotWritten = "PB1006";

    /// <summary>The folder of an output file option (<c>--report</c>, <c>--junit</c>) does not exist.</summary>
    public const string OutputFolderMissing = "PB1015";

    /// <summary><c>--downstream</c> combined with other selections.</summary>
    public const string DownstreamWithOthers = "PB1070";

    /// <summary><c>PIPELINEBUILD_FS_WATCH</c> holds a value it does not take.</summary>
    public const string BadFsWatch = "PB1080";

    /// <summary>Too many problems in one file; the rest are not listed.</summary>
    public const string TooManyProblems = "PB2042";
}
