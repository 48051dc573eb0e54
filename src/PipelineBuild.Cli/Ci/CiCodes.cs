namespace PipelineBuild.Cli.Ci;

/// <summary>Error codes of CI integration (PB9xxx; docs/error-codes.md).</summary>
internal static class CiCodes
{
    /// <summary><c>ci generate</c>: the pipeline or an option cannot be turned into a CI file (bad cron, unknown provider).</summary>
    public const string InvalidGenerateOption = "PB9001";

    /// <summary>warning: a summary, outputs or JUnit file could not be written.</summary>
    public const string FileNotWritten = "PB9002";

    /// <summary><c>ci generate --check</c>: the CI file on disk is not what the generator writes now.</summary>
    public const string GeneratedFileOutdated = "PB9003";

    /// <summary><c>ci generate</c>: the CI file cannot be written.</summary>
    public const string GeneratedFileNotWritten = "PB9004";

    /// <summary>The <c>--junit</c> file cannot be written.</summary>
    public const string JUnitNotWritten = "PB9005";

    /// <summary>warning: a <c>--secret</c> names an environment variable that is not set.</summary>
    public const string SecretNotSet = "PB9006";
}
